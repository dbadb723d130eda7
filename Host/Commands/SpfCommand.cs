using System.CommandLine;
using System.Text;
using System.Text.Json;
using Sift.Engine.Backends;
using Sift.Protocols.Spf;

namespace Sift.Host.Commands;

/// <summary>
/// <c>sift spf --ip IP --from ADDR --helo NAME [--nameserver host:port] [--json]</c>: evaluates
/// SPF (RFC 7208) through Sift's DNS client and prints the result, like <c>md_spf_verify</c>.
/// Exit code 0 whatever the result; 2 for bad arguments.
/// </summary>
internal static class SpfCommand
{
    public static Command Create()
    {
        var ip = new Option<string>("--ip") { Description = "The SMTP client's address.", Required = true };
        var from = new Option<string?>("--from") { Description = "MAIL FROM (empty: postmaster@HELO is checked)." };
        var helo = new Option<string?>("--helo") { Description = "The HELO/EHLO name." };
        var config = new Option<string?>("--config") { Description = "A HOCON configuration for sift.dns (default: reference.conf)." };
        var nameserver = ConfigLoading.NameserverOption();
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var cmd = new Command("spf", "Evaluate SPF for a client address, sender and HELO name.") { ip, from, helo, config, nameserver, json };
        cmd.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (ConfigLoading.Load(parse.GetValue(config), parse.GetValue(nameserver), error, "sift spf") is not { } options)
            {
                return 2;
            }
            if (options.Dns.Nameservers.Count == 0)
            {
                error.WriteLine("sift spf: no DNS server: give --nameserver host:port or set sift.dns.nameservers");
                return 2;
            }
            SiftBackends backends;
            try
            {
                options.Backends = new();
                backends = SiftBackends.Create(options);
            }
            catch (Engine.Configuration.SiftConfigurationException e)
            {
                error.WriteLine("sift spf: " + e.Message);
                return 2;
            }
            await using (backends.ConfigureAwait(false))
            {
                var verifier = new SpfVerifier(new SpfDnsAdapter(backends.Dns!));
                var v = await verifier.SpfVerifyAsync(parse.GetValue(from), parse.GetValue(ip)!, parse.GetValue(helo), ct).ConfigureAwait(false);
                output.Write(parse.GetValue(json) ? ToJson(v) : ToText(v));
                return v.Code == "invalid" ? 2 : 0;
            }
        });
        return cmd;
    }

    private static string ToText(SpfVerification v)
    {
        var text = new StringBuilder();
        text.Append(v.Code).Append(": ").Append(v.Explanation).Append('\n');
        text.Append("identity: ").Append(v.Identity).Append(' ').Append(v.Sender).Append('\n');
        if (v.Record is { } record) text.Append("record: ").Append(record).Append('\n');
        if (v.Check?.Mechanism is { } mechanism) text.Append("mechanism: ").Append(mechanism).Append('\n');
        if (v.HeloCode is { } heloCode) text.Append("helo: ").Append(heloCode).Append(": ").Append(v.HeloExplanation).Append('\n');
        if (v.ClientIp is not null) text.Append("Received-SPF: ").Append(v.ReceivedSpf("sift")).Append('\n');
        return text.ToString();
    }

    private static string ToJson(SpfVerification v)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("result", v.Code);
            w.WriteString("explanation", v.Explanation);
            w.WriteString("identity", v.Identity);
            w.WriteString("sender", v.Sender);
            w.WriteString("domain", v.Domain);
            w.WriteString("record", v.Record);
            w.WriteString("mechanism", v.Check?.Mechanism?.ToString());
            w.WriteString("helo_result", v.HeloCode);
            w.WriteString("helo_explanation", v.HeloExplanation);
            w.WriteString("helo_record", v.HeloRecord);
            if (v.ClientIp is not null)
            {
                w.WriteString("received_spf", v.ReceivedSpf("sift"));
                w.WriteString("authentication_results", v.AuthenticationResultsMethod);
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
