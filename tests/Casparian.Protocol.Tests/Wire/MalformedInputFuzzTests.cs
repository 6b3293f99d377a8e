using System.Text;
using Casparian.Protocol.Wire;

namespace Casparian.Protocol.Tests.Wire;

public class MalformedInputFuzzTests
{
    /// <summary>
    /// 100,000 random and mutated frame sets: the decoder either accepts a message or raises ProtocolException;
    /// any other exception escaping would crash a broker's socket loop.
    /// </summary>
    [Fact]
    public void Random_and_mutated_frames_raise_only_ProtocolException()
    {
        var random = new Random(20261122);
        var seeds = SampleMessages.All().Select(m => MessageWriter.ToFrames(m, (ulong)random.NextInt64())).ToArray();
        var limits = new WireLimits { MaxMetaBytes = 4096, MaxBodyFrames = 4, MaxBodyBytes = 1 << 16 };
        int accepted = 0, rejected = 0;

        for (var i = 0; i < 100_000; i++)
        {
            var frames = (i % 4) switch
            {
                0 => RandomFrames(random),
                _ => Mutate(seeds[random.Next(seeds.Length)], random),
            };
            try
            {
                MessageCodec.Decode(frames, limits);
                accepted++;
            }
            catch (ProtocolException)
            {
                rejected++;
            }
        }

        // Both outcomes must occur, or the mutations are not exercising the decoder.
        Assert.True(accepted > 1000, $"only {accepted} inputs were accepted");
        Assert.True(rejected > 50_000, $"only {rejected} inputs were rejected");
    }

    private static ReadOnlyMemory<byte>[] RandomFrames(Random random)
    {
        var frames = new ReadOnlyMemory<byte>[random.Next(0, 6)];
        for (var f = 0; f < frames.Length; f++)
        {
            var bytes = new byte[random.Next(0, f == 0 ? 24 : 64)];
            random.NextBytes(bytes);
            if (f == 0 && bytes.Length >= 2 && random.Next(2) == 0)
            {
                bytes[0] = FrameHeader.CurrentVersion;
                bytes[1] = (byte)random.Next(0, 12);
            }
            frames[f] = bytes;
        }
        return frames;
    }

    private static ReadOnlyMemory<byte>[] Mutate(byte[][] seed, Random random)
    {
        var header = (byte[])seed[0].Clone();
        var meta = (byte[])seed[1].Clone();
        switch (random.Next(8))
        {
            case 0: // flip bits in the header
                header[random.Next(header.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case 1: // flip bytes in the meta, keeping meta_len right
                for (var n = random.Next(1, 4); n > 0 && meta.Length > 0; n--)
                {
                    meta[random.Next(meta.Length)] = (byte)random.Next(256);
                }
                break;
            case 2: // truncate the meta and fix meta_len, so the JSON is cut
                meta = meta[..random.Next(meta.Length + 1)];
                FixMetaLength(header, meta.Length);
                break;
            case 3: // swap the opcode so the JSON is for another message type
                header[1] = (byte)random.Next(1, 10);
                break;
            case 4: // replace a JSON value with another type
                meta = Encoding.UTF8.GetBytes(ReplaceValue(Encoding.UTF8.GetString(meta), random));
                FixMetaLength(header, meta.Length);
                break;
            case 5: // drop or add frames
                return random.Next(2) == 0 ? [header] : [header, meta, new byte[random.Next(100)], new byte[1], new byte[2], new byte[3], new byte[4]];
            case 6: // truncate the header
                header = header[..random.Next(FrameHeader.Size)];
                break;
            default: // leave it valid
                break;
        }
        return [header, meta];
    }

    private static string ReplaceValue(string json, Random random)
    {
        var colon = json.IndexOf(':', random.Next(Math.Max(1, json.Length)));
        if (colon < 0)
        {
            return json;
        }
        string[] values = ["null", "-1", "1e400", "\"\"", "[]", "{}", "true", "18446744073709551616", "\"\\ud800\""];
        var end = colon + 1;
        while (end < json.Length && json[end] is not (',' or '}' or ']'))
        {
            end++;
        }
        return string.Concat(json.AsSpan(0, colon + 1), values[random.Next(values.Length)], json.AsSpan(end));
    }

    private static void FixMetaLength(byte[] header, int length) =>
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)length);

    [Fact]
    public void Every_opcode_of_the_table_decodes_its_own_message_type()
    {
        var byOpcode = SampleMessages.All().GroupBy(m => m.Opcode).ToDictionary(g => g.Key, g => g.First());
        Assert.Equal(Enum.GetValues<Opcode>().Order(), byOpcode.Keys.Order());
    }
}
