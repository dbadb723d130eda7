using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Sift.Engine.Backends;
using Sift.Engine.Checks;
using Sift.Engine.Configuration;
using Sift.Engine.Results;

namespace Sift.Host.Commands;

/// <summary>
/// <c>sift check --ip IP --helo NAME --from ADDR --rcpt ADDR [--message FILE] [--config FILE]
/// [--nameserver host:port] [--json]</c>: runs the configured checks on one message and prints
/// each check (status, duration, interpretation, weight) and the verdict with its reasons.
/// Exit code: 0 PASS, 1 REJECT, 3 TEMPFAIL, 2 bad arguments or configuration.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var ip = new Option<string>("--ip") { Description = "The SMTP client's address.", Required = true };
        var helo = new Option<string?>("--helo") { Description = "The HELO/EHLO name." };
        var from = new Option<string?>("--from") { Description = "MAIL FROM (empty for the null sender)." };
        var rcpt = new Option<string[]>("--rcpt") { Description = "RCPT TO; repeatable." };
        var message = new Option<string?>("--message") { Description = "The message file (content checks run only with it)." };
        var config = new Option<string?>("--config") { Description = "The HOCON configuration (default: reference.conf alone)." };
        var nameserver = ConfigLoading.NameserverOption();
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var cmd = new Command("check", "Run the configured checks on one message and print the verdict.")
        {
            ip, helo, from, rcpt, message, config, nameserver, json,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!IPAddress.TryParse(parse.GetValue(ip), out var address))
            {
                error.WriteLine($"sift check: '{parse.GetValue(ip)}' is not an IP address");
                return 2;
            }
            var messageFile = parse.GetValue(message);
            if (messageFile is not null && !File.Exists(messageFile))
            {
                error.WriteLine($"sift check: {messageFile}: no such file");
                return 2;
            }
            if (ConfigLoading.Load(parse.GetValue(config), parse.GetValue(nameserver), error, "sift check") is not { } options)
            {
                return 2;
            }
            ConfiguredEngine engine;
            try
            {
                engine = ConfiguredEngine.Create(options);
            }
            catch (SiftConfigurationException e)
            {
                error.WriteLine("sift check: " + e.Message);
                return 2;
            }
            await using (engine.ConfigureAwait(false))
            {
                if (engine.Policy.Checks.Count == 0)
                {
                    error.WriteLine("sift check: no checks are configured (sift.checks)");
                    return 2;
                }
                var context = new MessageContext(address, parse.GetValue(helo), parse.GetValue(from), parse.GetValue(rcpt) ?? [],
                    messageFile is null ? null : MessageContent.FromFile(Path.GetFullPath(messageFile)));
                var result = await engine.CheckAsync(context, ct).ConfigureAwait(false);
                output.Write(parse.GetValue(json) ? ToJson(result) : ToText(result));
                return result.Verdict switch
                {
                    Verdict.Pass => 0,
                    Verdict.Reject => 1,
                    _ => 3,
                };
            }
        });
        return cmd;
    }

    /// <summary>The interpretation column: the reason of a hit, else a short summary of the answer.</summary>
    internal static string Describe(CheckResult c) => c.Status switch
    {
        CheckStatus.Answered => c.Interpretation switch
        {
            { Reason: { } reason } => reason,
            BlocklistInterpretation b => b.Listed ? "listed" : $"not listed in {b.Zone}",
            RdnsInterpretation r => $"{r.Ptr} (fcrdns)",
            SpfInterpretation s => $"{s.ResultName} for {s.Domain}",
            DmarcInterpretation d => d.HasDmarc ? $"p={d.P} at {d.PolicyDomain}" : "no DMARC record" + (d.Detail is { } detail ? ": " + detail : ""),
            ClamavInterpretation => "clean",
            SpamAssassinInterpretation sa => string.Create(CultureInfo.InvariantCulture, $"ham, score {sa.Score:0.0#} / {sa.Threshold:0.0#}"),
            RspamdInterpretation r => string.Create(CultureInfo.InvariantCulture, $"{r.Action.ToString().ToLowerInvariant()}, score {r.Score:0.0#} / {r.Required:0.0#}"),
            SpfTxtInterpretation t => t.Record ?? "",
            DnsRecordsInterpretation d => d.Exists ? "no records" : "NXDOMAIN",
            ProcessInterpretation p => $"exit {p.ExitCode}",
            { } other => other.Hit ? "hit" : "no hit",
            null => "",
        },
        _ => c.Error ?? c.Status.ToString(),
    };

    internal static string StatusName(CheckStatus status) => status switch
    {
        CheckStatus.TimedOut => "timed-out",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string ToText(BatchResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        var rows = result.Checks.Select(c => new[]
        {
            c.Name, StatusName(c.Status), string.Create(inv, $"{c.Duration.TotalMilliseconds:0} ms"), Describe(c),
            c.WeightApplied.ToString("0.0#", inv),
        }).ToList();
        string[] head = ["CHECK", "STATUS", "DURATION", "INTERPRETATION", "WEIGHT"];
        var widths = head.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => Math.Min(r[i].Length, i == 3 ? 72 : 40)))).ToArray();
        var text = new StringBuilder();
        void Line(string[] cells)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                var cell = i == 3 && cells[i].Length > 72 ? cells[i][..69] + "..." : cells[i];
                text.Append(i == 2 || i == 4 ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
                text.Append(i == cells.Length - 1 ? "\n" : "  ");
            }
        }
        Line(head);
        foreach (var row in rows) Line(row);
        text.Append(inv, $"\nverdict: {result.Verdict.ToString().ToUpperInvariant()} (score {result.Score:0.0#}, action {result.Action.ToString().ToLowerInvariant()}, {result.Elapsed.TotalMilliseconds:0} ms{(result.TimedOut ? ", global timeout" : "")}{(result.EarlyExit ? ", early exit" : "")})\n");
        foreach (var reason in result.Reasons)
        {
            text.Append("  reason: ").Append(reason).Append('\n');
        }
        return text.ToString();
    }

    private static string ToJson(BatchResult result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("verdict", result.Verdict.ToString().ToUpperInvariant());
            w.WriteString("action", result.Action.ToString().ToLowerInvariant());
            w.WriteNumber("score", result.Score);
            w.WriteNumber("elapsed_ms", Math.Round(result.Elapsed.TotalMilliseconds, 1));
            w.WriteBoolean("timed_out", result.TimedOut);
            w.WriteBoolean("early_exit", result.EarlyExit);
            w.WriteStartArray("reasons");
            foreach (var r in result.Reasons) w.WriteStringValue(r);
            w.WriteEndArray();
            w.WriteStartArray("checks");
            foreach (var c in result.Checks)
            {
                w.WriteStartObject();
                w.WriteString("check", c.Name);
                w.WriteString("kind", c.Kind);
                w.WriteString("status", StatusName(c.Status));
                w.WriteNumber("duration_ms", Math.Round(c.Duration.TotalMilliseconds, 1));
                w.WriteString("interpretation", Describe(c));
                w.WriteBoolean("hit", c.Status == CheckStatus.Answered && c.Interpretation is { Hit: true });
                w.WriteNumber("weight", c.WeightApplied);
                if (c.Error is { } e) w.WriteString("error", e);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
