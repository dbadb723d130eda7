using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Sift.Protocols.Dns;
using Sift.Protocols.Dns.Lookups;

namespace Sift.Host.Commands;

/// <summary><c>sift dns NAME [TYPE] [--nameserver host:port] [--json]</c>: a dig-like look-up through Sift's own resolver.</summary>
internal static class DnsCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The name to look up; an IP address looks up its PTR." };
        var type = new Argument<string?>("type") { Description = "Record type (A, AAAA, CNAME, NS, MX, TXT, PTR, SOA, ANY or a number); default A, or PTR for an address.", Arity = ArgumentArity.ZeroOrOne };
        var nameserver = new Option<string[]>("--nameserver", "-s") { Description = "Nameserver host:port (IPv4 or [IPv6]); repeatable. Default: /etc/resolv.conf.", AllowMultipleArgumentsPerToken = false };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var timeout = new Option<double?>("--timeout") { Description = "Seconds per try (default: resolv.conf's, else 2)." };
        var cmd = new Command("dns", "Look a name up with Sift's DNS client (like dig).") { name, type, nameserver, json, timeout };
        cmd.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var query = parse.GetValue(name)!;
            var typeText = parse.GetValue(type);
            DnsRecordType recordType = DnsRecordType.A;
            if (IPAddress.TryParse(query, out var ip) && (typeText is null || typeText.Equals("PTR", StringComparison.OrdinalIgnoreCase)))
            {
                query = ReverseName.ForPtr(ip);
                recordType = DnsRecordType.PTR;
            }
            else if (typeText is not null && !DnsLookup.TryParseType(typeText, out recordType))
            {
                error.WriteLine($"sift dns: unknown record type '{typeText}'");
                return 2;
            }
            DnsClientOptions options;
            try
            {
                var servers = parse.GetValue(nameserver) ?? [];
                options = servers.Length > 0 ? DnsClientOptions.ForServers(servers) : DnsClientOptions.FromResolvConf(ResolvConf.Load());
                if (options.Servers.Count == 0)
                {
                    error.WriteLine("sift dns: no nameserver in /etc/resolv.conf; give --nameserver host:port");
                    return 2;
                }
                if (parse.GetValue(timeout) is { } seconds && seconds > 0) options = options with { Timeout = TimeSpan.FromSeconds(seconds) };
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"sift dns: {e.Message}");
                return 2;
            }
            await using var client = new DnsClient(options with { CacheEntries = 0 });
            var sw = Stopwatch.StartNew();
            var result = await client.QueryAsync(query, recordType, ct).ConfigureAwait(false);
            var elapsed = sw.Elapsed.TotalMilliseconds;
            output.Write(parse.GetValue(json) ? ToJson(result, elapsed) : ToText(result, elapsed));
            return result.Status == DnsQueryStatus.Answered ? 0 : 1;
        });
        return cmd;
    }

    private static string ToText(DnsResult r, double ms)
    {
        var sb = new System.Text.StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $";; {r.Question.Name}. {DnsPresentation.TypeName(r.Question.Type)}: ");
        sb.Append(r.Status == DnsQueryStatus.Answered ? DnsPresentation.ResponseCodeName(r.ResponseCode) : r.Status.ToString().ToUpperInvariant());
        if (r.Server is not null) sb.Append(inv, $" from {r.Server}");
        sb.Append(inv, $" in {ms:0.#} ms{(r.ViaTcp ? " (TCP)" : "")}\n");
        if (r.Error is not null) sb.Append(inv, $";; {r.Error}\n");
        foreach (var a in r.Answers) sb.Append(DnsPresentation.Line(a)).Append('\n');
        if (r.AuthoritySoa is not null && r.IsNegative) sb.Append(";; AUTHORITY\n").Append(DnsPresentation.Line(r.AuthoritySoa)).Append('\n');
        return sb.ToString();
    }

    private static string ToJson(DnsResult r, double ms)
    {
        var doc = new Dictionary<string, object?>
        {
            ["name"] = r.Question.Name,
            ["type"] = DnsPresentation.TypeName(r.Question.Type),
            ["status"] = r.Status.ToString(),
            ["rcode"] = r.Status == DnsQueryStatus.Answered ? DnsPresentation.ResponseCodeName(r.ResponseCode) : null,
            ["server"] = r.Server?.ToString(),
            ["tcp"] = r.ViaTcp,
            ["elapsed_ms"] = Math.Round(ms, 2),
            ["error"] = r.Error,
            ["answers"] = r.Answers.Select(a => new Dictionary<string, object> { ["name"] = a.Name, ["ttl"] = a.Ttl, ["type"] = DnsPresentation.TypeName(a.Type), ["data"] = DnsPresentation.Data(a) }).ToArray(),
            ["authority_soa"] = r.AuthoritySoa is { } soa ? DnsPresentation.Data(soa) : null,
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
