using System.Globalization;
using System.Text;
using Sift.Protocols.Rspamd;
using Sift.Protocols.Spamc;

namespace Sift.Engine.Compat;

/// <summary>
/// Drop-ins with the return shapes of Mail::MIMEDefang::Antispam's <c>md_spamc_check</c> and
/// <c>rspamd_check</c>, for filters ported from MIMEDefang. New code should use
/// <see cref="SpamcClient"/> and <see cref="RspamdClient"/> with the typed results directly.
/// </summary>
public static class MimeDefangAntispam
{
    /// <summary>What <see cref="RspamdCheckAsync"/> returns when rspamd cannot be used, as MIMEDefang does.</summary>
    public static readonly (double Hits, double Required, string Tests, string Report, string Action, bool IsSpam) RspamdUnavailable =
        (0, 0, "", "", "soft reject", false);

    /// <summary>
    /// Like <c>md_spamc_check</c>: scans with spamd's REPORT verb and returns
    /// (score, threshold, report, isspam); null where MIMEDefang returns undef (spamd unreachable,
    /// refused, broken or too slow).
    /// </summary>
    /// <param name="client">The spamd client.</param>
    /// <param name="message">The message, streamed from its current position.</param>
    /// <param name="user">The spamd user; null for the client's default.</param>
    /// <param name="cancellationToken">Cancels the scan (then <see cref="OperationCanceledException"/> escapes).</param>
    public static async Task<(double Score, double Threshold, string Report, bool IsSpam)?> SpamcCheckAsync(
        SpamcClient client, Stream message, string? user = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            var r = await client.ReportAsync(message, user, cancellationToken).ConfigureAwait(false);
            return (r.Score, r.Threshold, r.Report ?? "", r.IsSpam);
        }
        catch (Exception e) when (e is SpamcProtocolException or SpamcCommandException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>
    /// Like <c>rspamd_check</c>: returns (hits, required, tests, report, action, isspam) where tests
    /// is <c>NAME (score), NAME (score)</c>, report lists the action, verdict, score and each symbol,
    /// and isspam is hits ≥ required. When rspamd cannot be reached, answers an error or is too
    /// slow, returns <see cref="RspamdUnavailable"/>: (0, 0, '', '', 'soft reject', false).
    /// </summary>
    /// <param name="client">The rspamd client.</param>
    /// <param name="message">The message, streamed from its current position.</param>
    /// <param name="envelope">The envelope to send; null sends none.</param>
    /// <param name="cancellationToken">Cancels the scan (then <see cref="OperationCanceledException"/> escapes).</param>
    public static async Task<(double Hits, double Required, string Tests, string Report, string Action, bool IsSpam)> RspamdCheckAsync(
        RspamdClient client, Stream message, RspamdEnvelope? envelope = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        RspamdResult r;
        try
        {
            r = await client.CheckAsync(message, envelope, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RspamdProtocolException or RspamdCommandException or TimeoutException)
        {
            return RspamdUnavailable;
        }
        var isSpam = r.Score >= r.RequiredScore;
        var tests = string.Join(", ", r.Symbols.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} ({s.Score})")));
        return (r.Score, r.RequiredScore, tests, Report(r, isSpam), r.ActionName, isSpam);
    }

    // The lines rspamc prints, which MIMEDefang's rspamc branch keeps as its report.
    private static string Report(RspamdResult r, bool isSpam)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Action: {r.ActionName}\n");
        text.Append(CultureInfo.InvariantCulture, $"Spam: {(isSpam ? "true" : "false")}\n");
        text.Append(CultureInfo.InvariantCulture, $"Score: {r.Score} / {r.RequiredScore}\n");
        foreach (var s in r.Symbols)
        {
            text.Append(CultureInfo.InvariantCulture, $"Symbol: {s.Name} ({s.Score})");
            if (s.Options.Count > 0) text.Append('[').AppendJoin(", ", s.Options).Append(']');
            text.Append('\n');
        }
        if (r.SmtpMessage is { } m) text.Append(CultureInfo.InvariantCulture, $"Message - smtp_message: {m}\n");
        return text.ToString();
    }
}
