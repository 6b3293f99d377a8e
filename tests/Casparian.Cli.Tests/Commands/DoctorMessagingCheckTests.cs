using Casparian.Cli.Commands;

namespace Casparian.Cli.Tests.Commands;

public class DoctorMessagingCheckTests
{
    [Fact]
    public void The_ZeroMQ_check_does_a_CURVE_round_trip_on_loopback_and_reports_the_version()
    {
        using var output = new StringWriter();
        Assert.True(DoctorMessagingCheck.ZeroMq(output));
        Assert.Matches(@"^libzmq: ok \(v4\.\d+\.\d+, CURVE round trip over tcp://127\.0\.0\.1:\d+: Heartbeat\)", output.ToString());
    }
}
