using System.Net;
using System.Text;

namespace Sift.Protocols.Spf;

/// <summary>The Received-SPF (RFC 7208 §9.1) and Authentication-Results (RFC 8601 §2.7.2) texts.</summary>
public static class SpfHeaders
{
    /// <summary>The field name of the trace header.</summary>
    public const string ReceivedSpfName = "Received-SPF";

    /// <summary>Our one-line wording of a result, for the explanation and the header comment.</summary>
    /// <param name="check">The check_host() outcome.</param>
    /// <param name="sender">The identity checked.</param>
    /// <param name="ip">The client address.</param>
    public static string Explain(SpfCheckResult check, string sender, IPAddress ip) => check.Result switch
    {
        SpfResult.Pass => $"domain of {sender} designates {ip} as permitted sender",
        SpfResult.Fail => check.Explanation ?? $"domain of {sender} does not designate {ip} as permitted sender",
        SpfResult.SoftFail => $"domain of {sender} does not designate {ip} as permitted sender, but only softly",
        SpfResult.Neutral => $"{ip} is neither permitted nor denied by domain of {sender}",
        SpfResult.None => $"domain of {sender} does not publish an SPF record",
        SpfResult.TempError => $"temporary error checking {sender}: {check.Problem}",
        _ => $"permanent error in the SPF records of {sender}: {check.Problem}",
    };

    /// <summary>The Received-SPF value: <c>result (comment) key=value; …</c>.</summary>
    /// <param name="verification">The outcome.</param>
    /// <param name="receiver">This host's name.</param>
    public static string ReceivedSpf(SpfVerification verification, string receiver)
    {
        var builder = new StringBuilder(256);
        builder.Append(verification.Result.ToKeyword()).Append(" (");
        AppendComment(builder, receiver + ": " + verification.Explanation);
        builder.Append(')');
        AppendKey(builder, "receiver", receiver);
        if (verification.ClientIp is not null)
        {
            AppendKey(builder, "client-ip", verification.ClientIp.ToString());
        }
        if (verification.Identity == "mailfrom")
        {
            AppendKey(builder, "envelope-from", verification.Sender);
        }
        if (verification.Helo is not null)
        {
            AppendKey(builder, "helo", verification.Helo);
        }
        if (verification.Check?.Problem is { } problem)
        {
            AppendKey(builder, "problem", problem);
        }
        if (verification.Check?.Mechanism is { } mechanism)
        {
            AppendKey(builder, "mechanism", mechanism);
        }
        AppendKey(builder, "identity", verification.Identity);
        builder.Append(';');
        return builder.ToString();
    }

    /// <summary>The resinfo of the spf method: <c>spf=pass smtp.mailfrom=example.com</c> or <c>smtp.helo=…</c>.</summary>
    /// <param name="verification">The outcome.</param>
    public static string AuthenticationResultsMethod(SpfVerification verification)
    {
        string result = verification.Code == "invalid" ? "none" : verification.Code;
        string property = verification.Identity == "helo" ? "smtp.helo" : "smtp.mailfrom";
        string value = verification.Identity == "helo" ? verification.Helo ?? verification.Domain : verification.Domain;
        return $"spf={result} {property}={Value(value)}";
    }

    private static void AppendKey(StringBuilder builder, string key, string value)
        => builder.Append(builder[^1] == ')' ? " " : "; ").Append(key).Append('=').Append(Value(value));

    /// <summary>A dot-atom as is, anything else as a quoted-string.</summary>
    private static string Value(string value)
    {
        bool atom = value.Length > 0 && value[0] != '.' && value[^1] != '.' && !value.Contains("..");
        foreach (char c in value)
        {
            atom &= char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c);
        }
        if (atom)
        {
            return value;
        }
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\')
            {
                quoted.Append('\\');
            }
            quoted.Append(c < 0x20 || c > 0x7E ? '?' : c);
        }
        return quoted.Append('"').ToString();
    }

    private static void AppendComment(StringBuilder builder, string text)
    {
        foreach (char c in text)
        {
            if (c is '(' or ')' or '\\')
            {
                builder.Append('\\');
            }
            builder.Append(c < 0x20 || c > 0x7E ? '?' : c);
        }
    }
}
