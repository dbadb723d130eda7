namespace Sift.Protocols.Dns;

/// <summary>A DNS conversation became unusable (a TCP reply cut short or not matching the query). Caught inside the client and turned into a result.</summary>
public sealed class DnsProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DnsProtocolException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public DnsProtocolException() { }

    /// <summary>Creates the exception.</summary>
    public DnsProtocolException(string message, Exception inner) : base(message, inner) { }
}
