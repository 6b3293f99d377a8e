namespace Casparian.Worker.Contracts;

/// <summary>
/// What a source says a value is. CSV only has <see cref="Text"/>; JSON distinguishes strings, numbers and booleans,
/// so a JSON string <c>"42"</c> is not accepted as an integer and a JSON number is not accepted as a timestamp.
/// </summary>
public enum ValueKind
{
    /// <summary>Untyped text (CSV): any column type may parse it.</summary>
    Text,

    /// <summary>A JSON string (unescaped).</summary>
    String,

    /// <summary>A JSON number (its literal text).</summary>
    Number,

    /// <summary>A JSON <c>true</c> or <c>false</c> (its literal text).</summary>
    Bool,

    /// <summary>A JSON object or array (its raw text); only a utf8 column accepts it.</summary>
    Composite,
}
