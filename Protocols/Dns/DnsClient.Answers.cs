namespace Sift.Protocols.Dns;

public sealed partial class DnsClient
{
    /// <summary>
    /// Asks the question and follows CNAMEs: first inside the answer section, then, when the chain
    /// ends in a name the server gave no data for, by asking again for the target (bounded by
    /// <see cref="DnsClientOptions.MaxCnameHops"/>, loops detected).
    /// </summary>
    private async Task<DnsResult> ResolveAsync(string name, DnsRecordType type, CancellationToken ct)
    {
        var question = new DnsQuestion(name, type);
        var answers = new List<DnsRecord>();
        HashSet<string>? seen = null;
        string current = name;
        int hops = 0;
        while (true)
        {
            var exchange = await ExchangeAsync(current, type, ct).ConfigureAwait(false);
            if (exchange.Status != DnsQueryStatus.Answered)
            {
                return new DnsResult { Question = question, Status = exchange.Status, Error = exchange.Error, Server = exchange.Server, ViaTcp = exchange.ViaTcp, Answers = answers };
            }
            var message = exchange.Message!;
            var result = new DnsResult
            {
                Question = question,
                Status = DnsQueryStatus.Answered,
                ResponseCode = message.ResponseCode,
                Server = exchange.Server,
                ViaTcp = exchange.ViaTcp,
                AuthoritySoa = FirstSoa(message.Authorities),
                Answers = answers,
            };
            if (message.ResponseCode != DnsResponseCode.NoError) return result;

            // Walk the chain inside this answer: only records owned by the current name count (no out-of-bailiwick extras).
            bool final = false, followed = false;
            while (true)
            {
                bool any = false;
                foreach (var r in message.Answers)
                {
                    if (r.Type == type && DnsName.Equal(r.Name, current))
                    {
                        answers.Add(r);
                        any = true;
                    }
                }
                if (any || type == DnsRecordType.CNAME || type == DnsRecordType.ANY)
                {
                    final = true;
                    break;
                }
                var cname = FindCname(message.Answers, current);
                if (cname is null)
                {
                    // NODATA (nothing more for this name), or a chain that continues outside this answer: ask again.
                    final = !followed;
                    break;
                }
                answers.Add(cname);
                followed = true;
                if (++hops > _options.MaxCnameHops || !(seen ??= new(StringComparer.OrdinalIgnoreCase) { name }).Add(DnsName.Normalize(cname.Target)))
                {
                    return result with { Status = DnsQueryStatus.Error, Error = $"CNAME chain from {name} loops or is longer than {_options.MaxCnameHops}" };
                }
                current = DnsName.Normalize(cname.Target);
            }
            if (final) return result;
        }
    }

    private static SoaRecord? FirstSoa(IReadOnlyList<DnsRecord> records)
    {
        foreach (var r in records)
        {
            if (r is SoaRecord soa) return soa;
        }
        return null;
    }

    private static CnameRecord? FindCname(IReadOnlyList<DnsRecord> records, string owner)
    {
        foreach (var r in records)
        {
            if (r is CnameRecord c && DnsName.Equal(c.Name, owner)) return c;
        }
        return null;
    }
}
