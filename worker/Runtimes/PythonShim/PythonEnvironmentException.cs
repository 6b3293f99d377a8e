namespace Casparian.Worker.Runtimes.PythonShim;

/// <summary>A plugin's Python environment could not be created; the message names the cause and the fix.</summary>
public sealed class PythonEnvironmentException : Exception
{
    public PythonEnvironmentException()
        : this("the plugin's Python environment could not be created")
    {
    }

    public PythonEnvironmentException(string message)
        : base(message)
    {
    }

    public PythonEnvironmentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
