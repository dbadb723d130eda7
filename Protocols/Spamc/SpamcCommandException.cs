namespace Sift.Protocols.Spamc;

/// <summary>spamd answered with a non-zero EX_ code: it refused the request, the connection was fine.</summary>
public sealed class SpamcCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpamcCommandException(int code, string statusMessage)
        : base($"spamd refused the request: {code} {statusMessage}")
    {
        Code = code;
        StatusMessage = statusMessage;
    }

    /// <summary>The EX_ code from the status line (see <see cref="SpamdStatus"/>).</summary>
    public int Code { get; }

    /// <summary><see cref="Code"/> as a <see cref="SpamdStatus"/> (values outside the enum pass through).</summary>
    public SpamdStatus Status => (SpamdStatus)Code;

    /// <summary>The text after the code on the status line, e.g. <c>Bad header line: FOO SPAMC/1.5</c>.</summary>
    public string StatusMessage { get; }
}
