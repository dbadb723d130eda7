using System.Net;
using Sift.Actors.Checks;
using Sift.Engine.Checks;
using Sift.Engine.Interpreters;
using Sift.Engine.Results;
using Sift.Protocols.Dmarc;
using Sift.Protocols.Dns;
using Sift.Protocols.Dns.Lookups;
using Sift.Protocols.Spf;

namespace Sift.Engine.Backends;

/// <summary>Whether a domain publishes an SPF record (the <c>spf-txt</c> kind).</summary>
/// <param name="Domain">The domain.</param>
public sealed record SpfTxtQuery(string Domain);

/// <summary>
/// The DNS check kinds over one <see cref="DnsClient"/>: <c>dns</c>, <c>dnsbl</c>, <c>rhsbl</c>,
/// <c>hashbl</c>, <c>rdns</c>, <c>spf</c> (full RFC 7208 evaluation), <c>spf-txt</c> and
/// <c>dmarc</c> (record discovery). All use the dns-timeout class; a lookup no server answered
/// fails its check as timed out; parameters may be wrapped in <see cref="DnsCheckParameters"/>
/// to count against the message's request budget.
/// </summary>
public static class DnsCheckKinds
{
    /// <summary>The kind that only checks for an SPF record.</summary>
    public const string SpfTxt = "spf-txt";

    /// <summary>Creates the kinds.</summary>
    /// <param name="client">The DNS client every kind shares (its cache and in-flight merging too).</param>
    /// <param name="suffixes">The Public Suffix List for DMARC; null: <see cref="PublicSuffixList.Default"/>.</param>
    /// <param name="poolSize">Check actors per kind.</param>
    /// <param name="maxInFlightPerWorker">Lookups in flight per check actor.</param>
    public static IReadOnlyList<CheckKind> Create(DnsClient client, PublicSuffixList? suffixes = null, int poolSize = 2, int maxInFlightPerWorker = 256)
    {
        ArgumentNullException.ThrowIfNull(client);
        var spf = new SpfVerifier(new SpfDnsAdapter(client));
        var dmarc = new DmarcDiscovery(new SpfDnsAdapter(client), suffixes ?? PublicSuffixList.Default);
        CheckKind Kind(string name, CheckExecutor executor, CheckInterpreter interpreter, Func<object, object?>? cached = null) =>
            new(name, () => executor, interpreter, TimeoutClass.Dns, poolSize, maxInFlightPerWorker, MergeKey) { CachedAnswer = cached };
        return
        [
            Kind(CheckKinds.Dnsbl, (p, ct) => BlocklistAsync(p, ct, q => BlocklistLookup.DnsblAsync(client, ((DnsblQuery)q).Address, ((DnsblQuery)q).Zone, ct)), InterpretBlocklist,
                p => BlocklistFromCache(client, p, static q => BlocklistLookup.DnsblName(((DnsblQuery)q).Address, ((DnsblQuery)q).Zone))),
            Kind(CheckKinds.Rhsbl, (p, ct) => BlocklistAsync(p, ct, q => BlocklistLookup.RhsblAsync(client, ((RhsblQuery)q).Domain, ((RhsblQuery)q).Zone, ct)), InterpretBlocklist,
                p => BlocklistFromCache(client, p, static q => BlocklistLookup.RhsblName(((RhsblQuery)q).Domain, ((RhsblQuery)q).Zone))),
            Kind(CheckKinds.Hashbl, (p, ct) => BlocklistAsync(p, ct, q => HashblAsync(client, (HashblQuery)q, ct)), InterpretBlocklist,
                p => BlocklistFromCache(client, p, static q => BlocklistLookup.HashblName(((HashblQuery)q).Value, ((HashblQuery)q).Zone, HashKindOf((HashblQuery)q)))),
            Kind(CheckKinds.Rdns, (p, ct) => RdnsAsync(client, p, ct), static (a, _) => Unwrap(RdnsInterpreter.Interpret((RdnsAnswer)a!))),
            Kind(CheckKinds.Dns, (p, ct) => DnsAsync(client, p, ct), InterpretDns),
            Kind(SpfTxt, (p, ct) => SpfTxtAsync(client, p, ct), static (a, _) => Unwrap(SpfTxtInterpreter.Interpret((SpfTxtAnswer)a!))),
            Kind(CheckKinds.Spf, (p, ct) => SpfAsync(spf, p, ct), InterpretSpf),
            Kind(CheckKinds.Dmarc, (p, ct) => DmarcAsync(dmarc, p, ct), InterpretDmarc),
        ];
    }

    /// <summary>The DNS kinds merge on the lookup, never on the message's budget.</summary>
    public static object? MergeKey(object parameters) => DnsCheckParameters.Unwrap(parameters);

    private static async ValueTask<object?> BlocklistAsync(object parameters, CancellationToken ct, Func<object, ValueTask<BlocklistAnswer>> lookup)
    {
        var budget = DnsCheckParameters.BudgetOf(parameters);
        budget?.Take();
        return Settled(await lookup(DnsCheckParameters.Unwrap(parameters)).ConfigureAwait(false), budget);
    }

    /// <summary>A blocklist answer as a check's answer: the TXT reason asked after a listing charged to the budget, a lookup no server answered thrown as a time-out.</summary>
    private static BlocklistAnswer Settled(BlocklistAnswer answer, DnsRequestBudget? budget)
    {
        if (answer.Texts.Count > 0 || answer.Addresses.Count > 0)
        {
            budget?.Charge(1); // the TXT reason asked after a listing
        }
        ThrowIfTimedOut(answer.Status, answer.Name);
        return answer;
    }

    /// <summary>
    /// The blocklist kinds' <see cref="CheckKind.CachedAnswer"/>: the answer of <see cref="BlocklistAsync"/> when
    /// the client's cache holds everything the lookup would ask, charged to the message's budget as that lookup
    /// would be (it throws as the lookup would when the budget is spent); null, with nothing taken, otherwise.
    /// </summary>
    private static object? BlocklistFromCache(DnsClient client, object parameters, Func<object, string?> nameOf)
    {
        if (nameOf(DnsCheckParameters.Unwrap(parameters)) is not { } name || !BlocklistLookup.TryFromCache(client, name, out var answer))
        {
            return null;
        }
        var budget = DnsCheckParameters.BudgetOf(parameters);
        budget?.Take();
        return Settled(answer, budget);
    }

    private static ValueTask<BlocklistAnswer> HashblAsync(DnsClient client, HashblQuery q, CancellationToken ct) =>
        BlocklistLookup.HashblAsync(client, q.Value, q.Zone, HashKindOf(q), ct);

    private static HashKind HashKindOf(HashblQuery q) => q.Algorithm switch
    {
        HashblAlgorithm.Md5 => HashKind.Md5,
        HashblAlgorithm.Sha1 => HashKind.Sha1,
        _ => HashKind.Sha256,
    };

    private static async ValueTask<object?> RdnsAsync(DnsClient client, object parameters, CancellationToken ct)
    {
        var budget = DnsCheckParameters.BudgetOf(parameters);
        budget?.Take();
        var q = (RdnsQuery)DnsCheckParameters.Unwrap(parameters);
        var answer = await RdnsLookup.QueryAsync(client, q.Address, ct).ConfigureAwait(false);
        budget?.Charge(Math.Min(answer.PtrNames.Count, RdnsLookup.MaxPtrNames));
        ThrowIfTimedOut(answer.Status, "PTR of " + q.Address);
        return answer;
    }

    private static async ValueTask<object?> DnsAsync(DnsClient client, object parameters, CancellationToken ct)
    {
        var q = (DnsQuery)DnsCheckParameters.Unwrap(parameters);
        if (!DnsLookup.TryParseType(q.RecordType, out var type))
        {
            throw new ArgumentException($"unknown DNS record type '{q.RecordType}'");
        }
        DnsCheckParameters.BudgetOf(parameters)?.Take();
        var result = await client.QueryAsync(q.Name, type, ct).ConfigureAwait(false);
        ThrowIfTimedOut(result.Status, q.Name + " " + q.RecordType);
        return result;
    }

    private static async ValueTask<object?> SpfTxtAsync(DnsClient client, object parameters, CancellationToken ct)
    {
        var q = (SpfTxtQuery)DnsCheckParameters.Unwrap(parameters);
        DnsCheckParameters.BudgetOf(parameters)?.Take();
        var answer = await SpfTxtLookup.QueryAsync(client, q.Domain, ct).ConfigureAwait(false);
        ThrowIfTimedOut(answer.Status, "TXT of " + q.Domain);
        return answer;
    }

    private static async ValueTask<object?> SpfAsync(SpfVerifier verifier, object parameters, CancellationToken ct)
    {
        var q = (SpfQuery)DnsCheckParameters.Unwrap(parameters);
        SpfDnsAdapter.UseBudget(DnsCheckParameters.BudgetOf(parameters));
        return await verifier.SpfVerifyAsync(q.Sender, q.Address.ToString(), q.Helo, ct).ConfigureAwait(false);
    }

    private static async ValueTask<object?> DmarcAsync(DmarcDiscovery discovery, object parameters, CancellationToken ct)
    {
        var q = (DmarcQuery)DnsCheckParameters.Unwrap(parameters);
        SpfDnsAdapter.UseBudget(DnsCheckParameters.BudgetOf(parameters));
        return await discovery.DiscoverAsync(q.Domain, ct).ConfigureAwait(false);
    }

    private static void ThrowIfTimedOut(DnsQueryStatus status, string what)
    {
        if (status == DnsQueryStatus.TimedOut)
        {
            throw new TimeoutException($"{what}: no DNS server answered in time");
        }
    }

    private static Interpretation Unwrap<T>(Interpreted<T> interpreted) where T : Interpretation =>
        interpreted.Status == CheckStatus.Answered ? interpreted.Value! : new UnusableAnswer(interpreted.Error ?? interpreted.Status.ToString());

    private static Interpretation InterpretBlocklist(object? answer, CheckSpec check)
    {
        var zone = ((IZoneQuery)DnsCheckParameters.Unwrap(check.Parameters)).Zone;
        var interpreted = Unwrap(BlocklistInterpreter.Interpret((BlocklistAnswer)answer!, zone));
        var codes = (check.Parameters as DnsCheckParameters)?.ListingCodes;
        if (codes is { Count: > 0 } && interpreted is BlocklistInterpretation { Listed: true } listed && !listed.Codes.Any(codes.Contains))
        {
            return new BlocklistInterpretation(listed.Zone, false, [], null);
        }
        return interpreted;
    }

    private static Interpretation InterpretDns(object? answer, CheckSpec check)
    {
        var r = (DnsResult)answer!;
        var q = (DnsQuery)DnsCheckParameters.Unwrap(check.Parameters);
        if (r.Status != DnsQueryStatus.Answered)
        {
            return new UnusableAnswer($"{q.Name} {q.RecordType}: {r.Status}: {r.Error}");
        }
        if (r.ResponseCode is not (DnsResponseCode.NoError or DnsResponseCode.NXDomain))
        {
            return new UnusableAnswer($"{q.Name} {q.RecordType}: the server answered {DnsPresentation.ResponseCodeName(r.ResponseCode)}");
        }
        var records = r.Answers.Where(a => a.Type == r.Question.Type).Select(DnsPresentation.Line).ToArray();
        return new DnsRecordsInterpretation(q.Name, q.RecordType.ToUpperInvariant(), r.ResponseCode != DnsResponseCode.NXDomain, records);
    }

    private static Interpretation InterpretSpf(object? answer, CheckSpec check)
    {
        var v = (SpfVerification)answer!;
        return v.Result == SpfResult.TempError
            ? new UnusableAnswer($"SPF temperror for {v.Domain}: {v.Explanation}")
            : SpfInterpretation.From(v);
    }

    private static Interpretation InterpretDmarc(object? answer, CheckSpec check)
    {
        var lookup = (DmarcLookup)answer!;
        return lookup.Status == DmarcLookupStatus.TempError
            ? new UnusableAnswer($"DMARC discovery for {lookup.FromDomain}: {lookup.Problem}")
            : DmarcInterpretation.From(lookup);
    }

    /// <summary>Parses the listing codes of a blocklist check (<c>codes = ["127.0.0.2"]</c>).</summary>
    /// <exception cref="FormatException">A code is not an IPv4 address.</exception>
    public static IReadOnlyList<IPAddress> ParseCodes(IEnumerable<string> codes) =>
        codes.Select(c => IPAddress.TryParse(c, out var a) && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? a : throw new FormatException($"'{c}' is not a listing code (an IPv4 address such as 127.0.0.2)")).ToArray();
}
