using System.Net;

namespace Sift.Protocols.Spf;

public sealed partial class SpfEvaluator
{
    private readonly record struct Match(bool Matched, (SpfResult Result, string Problem)? Error)
    {
        public static readonly Match Yes = new(true, null);
        public static readonly Match No = new(false, null);
        public static Match Fail(SpfResult result, string problem) => new(false, (result, problem));
    }

    private async ValueTask<Match> MatchAsync(SpfMechanism mechanism, string domain, EvaluationState state)
    {
        switch (mechanism.Kind)
        {
            case SpfMechanismKind.All:
                return Match.Yes;
            case SpfMechanismKind.Ip4:
            case SpfMechanismKind.Ip6:
                int prefix = mechanism.Kind == SpfMechanismKind.Ip4 ? mechanism.Cidr4 : mechanism.Cidr6;
                return InNetwork(state.Ip, mechanism.Network!, prefix) ? Match.Yes : Match.No;
        }

        string target = domain;
        if (mechanism.DomainSpec is not null)
        {
            var expanded = await ExpandDomainAsync(mechanism.DomainSpec, domain, state).ConfigureAwait(false);
            if (expanded.Error is not null)
            {
                return Match.Fail(SpfResult.PermError, expanded.Error);
            }
            target = expanded.Name!;
        }

        return mechanism.Kind switch
        {
            SpfMechanismKind.Include => await IncludeAsync(target, state).ConfigureAwait(false),
            SpfMechanismKind.A => await AddressMatchAsync(target, mechanism, state, countVoid: true).ConfigureAwait(false),
            SpfMechanismKind.Mx => await MxAsync(target, mechanism, state).ConfigureAwait(false),
            SpfMechanismKind.Ptr => await PtrAsync(target, state).ConfigureAwait(false),
            _ => await ExistsAsync(target, state).ConfigureAwait(false),
        };
    }

    // RFC 7208 §5.2: pass matches; fail, softfail, neutral do not; errors and "none" propagate.
    private async ValueTask<Match> IncludeAsync(string target, EvaluationState state)
    {
        if (!IsQueryable(target))
        {
            return Match.Fail(SpfResult.PermError, $"include of an invalid domain '{target}'");
        }
        var inner = await CheckAsync(target, state, wantExplanation: false).ConfigureAwait(false);
        return inner.Result switch
        {
            SpfResult.Pass => Match.Yes,
            SpfResult.Fail or SpfResult.SoftFail or SpfResult.Neutral => Match.No,
            SpfResult.TempError => Match.Fail(SpfResult.TempError, inner.Problem ?? $"temperror in include:{target}"),
            SpfResult.PermError => Match.Fail(SpfResult.PermError, inner.Problem ?? $"permerror in include:{target}"),
            _ => Match.Fail(SpfResult.PermError, $"include:{target} has no SPF record"),
        };
    }

    private async ValueTask<Match> ExistsAsync(string target, EvaluationState state)
    {
        // exists always asks for A records, whatever the client's address family (RFC 7208 §5.7).
        var answer = await LookupIfValidAsync(target, ipv6: false, state).ConfigureAwait(false);
        if (answer.IsFailure)
        {
            return Match.Fail(SpfResult.TempError, $"DNS {answer.Status} looking up A {target}");
        }
        if (answer.IsVoid)
        {
            return CountVoid(state);
        }
        return Match.Yes;
    }

    private async ValueTask<Match> AddressMatchAsync(string target, SpfMechanism mechanism, EvaluationState state, bool countVoid)
    {
        bool ipv6 = IsIPv6(state.Ip);
        var answer = await LookupIfValidAsync(target, ipv6, state).ConfigureAwait(false);
        if (answer.IsFailure)
        {
            return Match.Fail(SpfResult.TempError, $"DNS {answer.Status} looking up {(ipv6 ? "AAAA" : "A")} {target}");
        }
        if (answer.IsVoid)
        {
            return countVoid ? CountVoid(state) : Match.No;
        }
        int prefix = ipv6 ? mechanism.Cidr6 : mechanism.Cidr4;
        foreach (var address in answer.Records)
        {
            if (InNetwork(state.Ip, address, prefix))
            {
                return Match.Yes;
            }
        }
        return Match.No;
    }

    private async ValueTask<Match> MxAsync(string target, SpfMechanism mechanism, EvaluationState state)
    {
        var mx = IsQueryable(target)
            ? await _resolver.LookupMxAsync(target, state.Token).ConfigureAwait(false)
            : DnsAnswer<string>.Empty(DnsLookupStatus.NXDomain);
        if (mx.IsFailure)
        {
            return Match.Fail(SpfResult.TempError, $"DNS {mx.Status} looking up MX {target}");
        }
        if (mx.IsVoid)
        {
            return CountVoid(state);
        }
        if (mx.Records.Count > _options.MaxMxNames)
        {
            return Match.Fail(SpfResult.PermError, $"{target} has more than {_options.MaxMxNames} MX records");
        }
        foreach (var exchange in mx.Records)
        {
            var name = NormalizeDomain(exchange);
            if (name.Length == 0)
            {
                continue; // a null MX (RFC 7505) names no host
            }
            var match = await AddressMatchAsync(name, mechanism, state, countVoid: false).ConfigureAwait(false);
            if (match.Matched || match.Error is not null)
            {
                return match;
            }
        }
        return Match.No;
    }

    private async ValueTask<Match> PtrAsync(string target, EvaluationState state)
    {
        var names = await ValidatedNamesAsync(state, countVoid: true).ConfigureAwait(false);
        if (names.Error is not null)
        {
            return names.Error.Value.Result == SpfResult.PermError ? Match.Fail(SpfResult.PermError, names.Error.Value.Problem) : Match.No;
        }
        foreach (var name in names.Names!)
        {
            if (IsSameOrSubdomain(name, target))
            {
                return Match.Yes;
            }
        }
        return Match.No;
    }

    private async ValueTask<string> ValidatedNameAsync(string domain, EvaluationState state)
    {
        var names = await ValidatedNamesAsync(state, countVoid: false).ConfigureAwait(false);
        if (names.Names is not { Count: > 0 } list)
        {
            return "unknown";
        }
        foreach (var name in list)
        {
            if (IsSameOrSubdomain(name, domain))
            {
                return name;
            }
        }
        return list[0];
    }

    private readonly record struct NameList(List<string>? Names, (SpfResult Result, string Problem)? Error);

    /// <summary>
    /// The client's reverse names that resolve back to it (RFC 7208 §5.5), at most MaxPtrNames
    /// of them tried; computed once per check. A PTR failure means "no match", not an error.
    /// </summary>
    private async ValueTask<NameList> ValidatedNamesAsync(EvaluationState state, bool countVoid)
    {
        if (state.ValidatedNames is { } cached)
        {
            return new NameList(cached, null);
        }
        var ptr = await _resolver.LookupPtrAsync(state.Ip, state.Token).ConfigureAwait(false);
        if (ptr.IsVoid && countVoid && ++state.VoidLookups > _options.MaxVoidLookups)
        {
            return new NameList(null, (SpfResult.PermError, $"more than {_options.MaxVoidLookups} void DNS lookups"));
        }
        var validated = new List<string>();
        if (ptr.Status == DnsLookupStatus.NoError)
        {
            bool ipv6 = IsIPv6(state.Ip);
            int tried = 0;
            foreach (var raw in ptr.Records)
            {
                if (++tried > _options.MaxPtrNames)
                {
                    break;
                }
                var name = NormalizeDomain(raw);
                var answer = await LookupIfValidAsync(name, ipv6, state).ConfigureAwait(false);
                if (answer.Status != DnsLookupStatus.NoError)
                {
                    continue;
                }
                foreach (var address in answer.Records)
                {
                    if (address.Equals(state.Ip))
                    {
                        validated.Add(name);
                        break;
                    }
                }
            }
        }
        state.ValidatedNames = validated;
        return new NameList(validated, null);
    }

    private ValueTask<DnsAnswer<IPAddress>> LookupIfValidAsync(string name, bool ipv6, EvaluationState state)
    {
        if (!IsQueryable(name))
        {
            return ValueTask.FromResult(DnsAnswer<IPAddress>.Empty(DnsLookupStatus.NXDomain));
        }
        return ipv6 ? _resolver.LookupAaaaAsync(name, state.Token) : _resolver.LookupAAsync(name, state.Token);
    }

    private Match CountVoid(EvaluationState state)
        => ++state.VoidLookups > _options.MaxVoidLookups
            ? Match.Fail(SpfResult.PermError, $"more than {_options.MaxVoidLookups} void DNS lookups")
            : Match.No;

    private static bool IsSameOrSubdomain(string name, string domain)
        => name.Equals(domain, StringComparison.OrdinalIgnoreCase)
           || (name.Length > domain.Length && name[name.Length - domain.Length - 1] == '.'
               && name.EndsWith(domain, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// True when the first <paramref name="prefix"/> bits of both addresses agree; different
    /// families never match. The caller has already turned an IPv4-mapped client into IPv4, so
    /// such a client matches only ip4 networks (RFC 7208 §5).
    /// </summary>
    public static bool InNetwork(IPAddress ip, IPAddress network, int prefix)
    {
        if (ip.AddressFamily != network.AddressFamily)
        {
            return false;
        }
        Span<byte> a = stackalloc byte[16];
        Span<byte> b = stackalloc byte[16];
        ip.TryWriteBytes(a, out int length);
        network.TryWriteBytes(b, out _);
        prefix = Math.Clamp(prefix, 0, length * 8);
        int whole = prefix / 8;
        if (!a[..whole].SequenceEqual(b[..whole]))
        {
            return false;
        }
        int bits = prefix % 8;
        if (bits == 0)
        {
            return true;
        }
        int mask = 0xFF << (8 - bits) & 0xFF;
        return (a[whole] & mask) == (b[whole] & mask);
    }
}
