using Microsoft.Extensions.Logging;
using Sift.Engine.Checks;
using Sift.Engine.Configuration;
using Sift.Engine.Results;
using Sift.Protocols.Clamd;
using Sift.Protocols.Net;
using Sift.Protocols.Rspamd;
using Sift.Protocols.Spamc;

namespace Sift.Engine.Hosting;

/// <summary>
/// Registers the content-scanning kinds (clamd, spamc, rspamd) configured under
/// <c>sift.backends</c> on an engine, each with its protocol client on the first upstream and
/// <c>max-in-flight</c> scans at once; answers that are not verdicts (a scanner error, a size
/// limit) are recorded as errors, so a fail-closed check turns them into TEMPFAIL.
/// </summary>
public static class BackendKinds
{
    /// <summary>Registers every backend kind that has an upstream and is not registered yet; returns their names.</summary>
    /// <exception cref="FormatException">An upstream address cannot be parsed.</exception>
    public static IReadOnlyList<string> Register(FilterEngine engine, BackendsOptions backends, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(backends);
        var registered = new List<string>();
        if (First(backends.Clamd) is { } clamd && !engine.Kinds.Contains(CheckKinds.Clamd))
        {
            var client = new ClamdClient(new ClamdClientOptions { Address = EndpointAddress.Parse(clamd) },
                loggerFactory?.CreateLogger<ClamdClient>());
            engine.RegisterKind(new CheckKind(CheckKinds.Clamd, () => (p, ct) => ScanClamd(client, (ClamdScan)p, ct), InterpretClamd,
                poolSize: 1, maxInFlightPerWorker: Math.Max(1, backends.Clamd.MaxInFlight)));
            registered.Add(CheckKinds.Clamd);
        }
        if (First(backends.Spamd) is { } spamd && !engine.Kinds.Contains(CheckKinds.Spamc))
        {
            var client = new SpamcClient(SpamcClientOptions.For(spamd), loggerFactory?.CreateLogger<SpamcClient>());
            engine.RegisterKind(new CheckKind(CheckKinds.Spamc, () => (p, ct) => ScanSpamd(client, (SpamcScan)p, ct),
                static (answer, _) => answer is SpamdResult r ? SpamAssassinInterpretation.From(r) : Unusable(answer),
                poolSize: 1, maxInFlightPerWorker: Math.Max(1, backends.Spamd.MaxInFlight)));
            registered.Add(CheckKinds.Spamc);
        }
        if (First(backends.Rspamd) is { } rspamd && !engine.Kinds.Contains(CheckKinds.Rspamd))
        {
            var client = new RspamdClient(new RspamdClientOptions { Address = rspamd, MaxConnections = Math.Max(1, backends.Rspamd.MaxInFlight) },
                loggerFactory?.CreateLogger<RspamdClient>());
            var settingsId = backends.Rspamd.SettingsId;
            engine.RegisterKind(new CheckKind(CheckKinds.Rspamd, () => (p, ct) => ScanRspamd(client, (RspamdScan)p, settingsId, ct),
                static (answer, _) => answer is RspamdResult r ? RspamdInterpretation.From(r) : Unusable(answer),
                poolSize: 1, maxInFlightPerWorker: Math.Max(1, backends.Rspamd.MaxInFlight)));
            registered.Add(CheckKinds.Rspamd);
        }
        return registered;
    }

    private static string? First(BackendOptions backend) =>
        backend.Upstreams.Select(u => u.Address.Trim()).FirstOrDefault(a => a.Length > 0);

    private static async ValueTask<object?> ScanClamd(ClamdClient client, ClamdScan scan, CancellationToken cancellationToken)
    {
        var stream = scan.Content.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            return await client.ScanStreamAsync(stream, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask<object?> ScanSpamd(SpamcClient client, SpamcScan scan, CancellationToken cancellationToken)
    {
        var stream = scan.Content.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            return await client.SymbolsAsync(stream, scan.User, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async ValueTask<object?> ScanRspamd(RspamdClient client, RspamdScan scan, string settingsId, CancellationToken cancellationToken)
    {
        var e = scan.Envelope;
        var envelope = new RspamdEnvelope
        {
            Ip = e.ClientAddress?.ToString(),
            Helo = e.Helo,
            From = e.From,
            Rcpt = e.Recipients,
            QueueId = e.QueueId,
            SettingsId = settingsId.Length > 0 ? settingsId : null,
        };
        var stream = scan.Content.OpenRead();
        await using (stream.ConfigureAwait(false))
        {
            return await client.CheckAsync(stream, envelope, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Interpretation InterpretClamd(object? answer, CheckSpec check)
    {
        if (answer is not ClamdScanResult result)
        {
            return Unusable(answer);
        }
        var interpretation = ClamavInterpretation.FromScan(result);
        return interpretation.Available ? interpretation : new UnusableAnswer(interpretation.Reason ?? "clamd gave no verdict");
    }

    private static UnusableAnswer Unusable(object? answer) => new($"unexpected answer {answer?.GetType().Name ?? "null"}");
}
