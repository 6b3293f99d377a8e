using System.Text;

namespace Casparian.Worker.Runtimes.PluginProcess;

/// <summary>
/// The last few kilobytes of what a plugin wrote to stderr before it spoke the protocol (a traceback, "command not
/// found"), quoted when the job fails so the plugin author sees why.
/// </summary>
internal sealed class StderrTail
{
    private const int MaxChars = 2048;
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public void Add(ReadOnlySpan<byte> line)
    {
        lock (_lock)
        {
            _text.Append(Encoding.UTF8.GetString(line[..Math.Min(line.Length, MaxChars)])).Append('\n');
            if (_text.Length > MaxChars)
            {
                _text.Remove(0, _text.Length - MaxChars);
            }
        }
    }

    /// <summary>The tail, or empty.</summary>
    public override string ToString()
    {
        lock (_lock)
        {
            return _text.ToString().TrimEnd('\n');
        }
    }
}
