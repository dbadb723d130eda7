namespace Sift.Protocols.Rspamd;

/// <summary>rspamd answered with an HTTP status other than 200: it refused or failed the scan.</summary>
public sealed class RspamdCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RspamdCommandException(int statusCode, string reason, string? rspamdError)
        : base($"rspamd answered {statusCode} {reason}" + (rspamdError is null ? "" : $": {rspamdError}"))
    {
        StatusCode = statusCode;
        Reason = reason;
        RspamdError = rspamdError;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase on the status line (rspamd puts its error there).</summary>
    public string Reason { get; }

    /// <summary>The <c>error</c> field of the JSON body, when there was one.</summary>
    public string? RspamdError { get; }
}
