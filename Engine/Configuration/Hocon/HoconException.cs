namespace Sift.Engine.Configuration.Hocon;

/// <summary>
/// The one exception the HOCON reader throws: the document is not valid HOCON or does not
/// resolve. <see cref="Exception.Message"/> reads <c>file:line:column: what is wrong</c>.
/// </summary>
public sealed class HoconException : Exception
{
    /// <summary>Creates the exception for a problem at <paramref name="position"/>.</summary>
    public HoconException(HoconErrorReason reason, HoconPosition position, string detail)
        : base($"{position}: {detail}")
    {
        Reason = reason;
        Position = position;
        Detail = detail;
    }

    /// <summary>What kind of problem it is.</summary>
    public HoconErrorReason Reason { get; }

    /// <summary>Where it is.</summary>
    public HoconPosition Position { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Detail { get; }
}
