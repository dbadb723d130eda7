using Sift.Engine.Checks;
using Sift.Engine.Configuration;
using Sift.Engine.Results;
using Sift.Protocols.Milter;

namespace Sift.Engine.Milter;

public sealed partial class GatewayPolicy
{
    /// <summary>Reads and checks the options, collecting every error instead of stopping at the first.</summary>
    private sealed class Builder(SiftOptions options)
    {
        public SiftOptions Options { get; } = options;
        public List<string> Errors { get; } = [];
        public SmtpReplyTemplate? Reject { get; private set; }
        public SmtpReplyTemplate? Tempfail { get; private set; }
        public SmtpReplyTemplate? TooLarge { get; private set; }
        public List<(double At, FilterAction Action)> Bands { get; } = [];
        public MilterResponse DefaultResponse { get; private set; } = MilterResponse.TempFail;

        public IReadOnlyList<PolicyCheck> Build()
        {
            var milter = Options.Milter;
            Reject = Reply("sift.milter.replies.reject", milter.Replies.Reject, 5);
            Tempfail = Reply("sift.milter.replies.tempfail", milter.Replies.Tempfail, 4);
            TooLarge = Reply("sift.milter.replies.too-large", milter.Replies.TooLarge, 5);
            DefaultResponse = milter.DefaultAction.Trim().ToLowerInvariant() switch
            {
                "tempfail" => MilterResponse.TempFail,
                "accept" => MilterResponse.Accept,
                "reject" => MilterResponse.Reject,
                _ => Error<MilterResponse>($"sift.milter.default-action: '{milter.DefaultAction}' is not tempfail, accept or reject", MilterResponse.TempFail),
            };
            if (Options.Limits.MaxMessageSize <= 0)
            {
                Errors.Add("sift.limits.max-message-size: must be positive");
            }
            if (milter.SpoolMemoryThreshold < 0)
            {
                Errors.Add("sift.milter.spool-memory-threshold: must not be negative");
            }
            if (Options.Scoring.TempfailAt < Options.Scoring.RejectAt)
            {
                Errors.Add("sift.scoring.tempfail-at: must be at least reject-at (TEMPFAIL is the top band)");
            }
            foreach (var (name, band) in Options.Scoring.Actions)
            {
                if (ParseAction(band.Action) is { } action)
                {
                    Bands.Add((band.At, action));
                }
                else
                {
                    Errors.Add($"sift.scoring.actions.{name}.action: '{band.Action}' is not reject, tempfail, add-header, discard or quarantine");
                }
            }
            Bands.Sort(static (a, b) => b.At.CompareTo(a.At));
            // An empty list (options built in code) enables every stage, as reference.conf does.
            var enabled = milter.Stages.Enabled.Count == 0 ? [.. Enum.GetValues<GatewayStage>()] : new HashSet<GatewayStage>();
            foreach (var name in milter.Stages.Enabled)
            {
                if (StageTable.TryParse(name, out var stage))
                {
                    enabled.Add(stage);
                }
                else
                {
                    Errors.Add($"sift.milter.stages.enabled: '{name}' is not a stage ({string.Join(", ", StageTable.Names)})");
                }
            }
            var checks = new List<PolicyCheck>();
            foreach (var (name, check) in Options.Checks.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                if (check.Enabled && Check(name, check, enabled) is { } built)
                {
                    checks.Add(built);
                }
            }
            return checks;
        }

        private PolicyCheck? Check(string name, CheckOptions check, HashSet<GatewayStage> enabled)
        {
            var at = $"sift.checks.{name}";
            var kind = check.Kind.Trim().ToLowerInvariant();
            if (kind == "spamd")
            {
                kind = CheckKinds.Spamc;
            }
            if (kind.Length == 0)
            {
                Errors.Add($"{at}.kind: missing");
                return null;
            }
            if (kind == CheckKinds.Dns)
            {
                Errors.Add($"{at}.kind: 'dns' lookups have no message input; the gateway runs dnsbl, rhsbl, hashbl, rdns, spf, dmarc, clamd, spamc, rspamd, process and custom kinds");
                return null;
            }
            GatewayStage stage;
            if (string.IsNullOrWhiteSpace(check.Stage))
            {
                stage = StageTable.DefaultStage(kind);
            }
            else if (!StageTable.TryParse(check.Stage, out stage))
            {
                Errors.Add($"{at}.stage: '{check.Stage}' is not a stage ({string.Join(", ", StageTable.Names)})");
                return null;
            }
            if (!StageTable.CanRun(kind, stage))
            {
                Errors.Add($"{at}.stage: a {kind} check cannot run at {StageTable.NameOf(stage)}: its inputs are complete at {StageTable.NameOf(StageTable.DefaultStage(kind))}");
                return null;
            }
            if (!enabled.Contains(stage))
            {
                Errors.Add($"{at}.stage: {StageTable.NameOf(stage)} is not in sift.milter.stages.enabled");
                return null;
            }
            if (kind is CheckKinds.Dnsbl or CheckKinds.Rhsbl or CheckKinds.Hashbl && string.IsNullOrWhiteSpace(check.Zone))
            {
                Errors.Add($"{at}.zone: a {kind} check needs a zone");
                return null;
            }
            if (kind == CheckKinds.Process && check.Argv.Count == 0)
            {
                Errors.Add($"{at}.argv: a process check needs a program");
                return null;
            }
            var onError = check.OnError.Trim().ToLowerInvariant() switch
            {
                "open" => ErrorPolicy.FailOpen,
                "closed" => ErrorPolicy.FailClosed,
                _ => Error<ErrorPolicy?>($"{at}.on-error: '{check.OnError}' is not open or closed", null),
            };
            if (onError is null)
            {
                return null;
            }
            if (check.Timeout < TimeSpan.Zero)
            {
                Errors.Add($"{at}.timeout: must not be negative");
                return null;
            }
            var user = Options.Backends.Spamd.User;
            return new PolicyCheck(name, kind, stage, check.Weight, onError.Value,
                check.Timeout > TimeSpan.Zero ? check.Timeout : null, check.Zone.Trim(), [.. check.Argv],
                string.IsNullOrEmpty(user) ? null : user);
        }

        private SmtpReplyTemplate? Reply(string key, string text, int codeClass)
        {
            if (SmtpReplyTemplate.TryParse(text, codeClass, out var template, out var error))
            {
                return template;
            }
            Errors.Add($"{key}: {error}");
            return new SmtpReplyTemplate(codeClass * 100 + 50, null, "");
        }

        private T Error<T>(string message, T fallback)
        {
            Errors.Add(message);
            return fallback;
        }

        private static FilterAction? ParseAction(string action) => action.Trim().ToLowerInvariant() switch
        {
            "accept" => FilterAction.Accept,
            "reject" => FilterAction.Reject,
            "tempfail" => FilterAction.Tempfail,
            "add-header" => FilterAction.AddHeader,
            "discard" => FilterAction.Discard,
            "quarantine" => FilterAction.Quarantine,
            _ => null,
        };
    }
}
