using System.Diagnostics;
using System.Globalization;

namespace Casparian.Bench.Scenarios.Zmq;

/// <summary>
/// The same pipelined ROUTER/DEALER pattern done by python3-zmq (Debian's /usr/bin/python3): an echoing ROUTER
/// process and a DEALER process keeping the same number of requests in flight with the same frames.
/// </summary>
internal static class PythonZmqReference
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import struct, sys, time, zmq
        mode = sys.argv[1]
        ctx = zmq.Context()
        if mode == "router":
            s = ctx.socket(zmq.ROUTER)
            s.setsockopt(zmq.LINGER, 0); s.setsockopt(zmq.SNDHWM, 0); s.setsockopt(zmq.RCVHWM, 0)
            s.bind("tcp://127.0.0.1:*")
            print(s.getsockopt_string(zmq.LAST_ENDPOINT), flush=True)
            while True:
                parts = s.recv_multipart()
                if len(parts) == 2 and not parts[1]:
                    break
                s.send_multipart(parts)
        else:
            endpoint, in_flight, max_requests, seconds, meta_bytes = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
            s = ctx.socket(zmq.DEALER)
            s.setsockopt(zmq.LINGER, 1000); s.setsockopt(zmq.SNDHWM, 0); s.setsockopt(zmq.RCVHWM, 0)
            s.connect(endpoint)
            header = struct.Struct("!BBHIQ")
            meta = b"x" * meta_bytes
            s.send_multipart([header.pack(1, 4, 0, meta_bytes, 0), meta]); s.recv_multipart()
            start = time.perf_counter(); sent = done = 0
            while sent < in_flight and sent < max_requests:
                s.send_multipart([header.pack(1, 4, 0, meta_bytes, sent), meta]); sent += 1
            while done < sent:
                s.recv_multipart(); done += 1
                if sent < max_requests and time.perf_counter() - start < seconds:
                    s.send_multipart([header.pack(1, 4, 0, meta_bytes, sent), meta]); sent += 1
            elapsed = time.perf_counter() - start
            s.send(b"")
            print(done, elapsed, flush=True)
        s.close(); ctx.term()
        """;

    /// <summary>Runs the python3-zmq pair with <paramref name="options"/> and returns its completed round trips.</summary>
    public static PipelineResult Measure(PipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var router = Start("router");
        var endpoint = router.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"the python3-zmq ROUTER did not start: {router.StandardError.ReadToEnd()}");
        using var dealer = Start("dealer", endpoint,
            options.InFlight.ToString(CultureInfo.InvariantCulture),
            options.MaxRequests.ToString(CultureInfo.InvariantCulture),
            options.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            options.MetaBytes.ToString(CultureInfo.InvariantCulture));
        var line = dealer.StandardOutput.ReadLine() ?? throw new InvalidOperationException($"the python3-zmq DEALER failed: {dealer.StandardError.ReadToEnd()}");
        dealer.WaitForExit();
        router.WaitForExit();
        var fields = line.Split(' ');
        return new PipelineResult(
            long.Parse(fields[0], CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(fields[1], CultureInfo.InvariantCulture)));
    }

    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
    }
}
