using System.Net.Http.Headers;

namespace Sift.Protocols.Rspamd;

/// <summary>Turns an <see cref="RspamdEnvelope"/> into rspamd's request headers.</summary>
public static class RspamdWriter
{
    /// <summary>The scanning path of rspamd's normal worker.</summary>
    public const string CheckPath = "/checkv2";

    /// <summary>The longest envelope value accepted.</summary>
    public const int MaxValueLength = 2048;

    /// <summary>The most recipients sent.</summary>
    public const int MaxRecipients = 1024;

    /// <summary>Adds the envelope's headers to <paramref name="headers"/>.</summary>
    /// <exception cref="ArgumentException">A value holds CR, LF or NUL, is longer than <see cref="MaxValueLength"/>, or there are more than <see cref="MaxRecipients"/> recipients.</exception>
    public static void WriteEnvelope(HttpRequestHeaders headers, RspamdEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(envelope);
        Add(headers, "IP", envelope.Ip);
        Add(headers, "Helo", envelope.Helo);
        Add(headers, "Hostname", envelope.Hostname);
        Add(headers, "From", envelope.From);
        if (envelope.Rcpt.Count > MaxRecipients)
            throw new ArgumentException($"more than {MaxRecipients} recipients", nameof(envelope));
        // HttpClient joins repeated values into one "Rcpt: a, b" line; rspamd reads it as an address list.
        foreach (var rcpt in envelope.Rcpt) Add(headers, "Rcpt", rcpt);
        Add(headers, "Queue-Id", envelope.QueueId);
        Add(headers, "User", envelope.User);
        Add(headers, "Settings-ID", envelope.SettingsId);
        if (envelope.PassAll) headers.TryAddWithoutValidation("Pass", "all");
    }

    private static void Add(HttpRequestHeaders headers, string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (value.Length > MaxValueLength || value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            throw new ArgumentException($"the {name} value is longer than {MaxValueLength} characters or holds CR, LF or NUL", nameof(value));
        headers.TryAddWithoutValidation(name, value);
    }
}
