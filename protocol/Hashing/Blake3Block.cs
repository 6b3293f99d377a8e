using System.Runtime.CompilerServices;

namespace Casparian.Protocol.Hashing;

/// <summary>One 64-byte message block kept inline (chunk buffers, root outputs).</summary>
[InlineArray(Blake3Constants.BlockLength)]
internal struct Blake3Block
{
    private byte _byte;
}
