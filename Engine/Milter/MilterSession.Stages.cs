using System.Globalization;
using Sift.Actors.Kernel;
using Sift.Engine.Checks;
using Sift.Engine.Results;
using Sift.Protocols.Milter;

namespace Sift.Engine.Milter;

internal sealed partial class MilterSession
{
    /// <summary>Builds the stage's checks from what is known, runs them, and answers when the batch ends.</summary>
    private void RunStage(GatewayStage stage)
    {
        var checks = _policy.ChecksAt(stage);
        if (checks.Count == 0 && stage != GatewayStage.EndOfMessage && !Asked)
        {
            // Told, not asked: the handler went on without waiting (no checks at this stage).
            return;
        }
        var specs = new List<CheckSpec>(checks.Count);
        if (checks.Count > 0)
        {
            MessageContent? content = null;
            if (stage == GatewayStage.EndOfMessage && _spool is not null)
            {
                content = _spool.Seal();
            }
            var message = new GatewayMessage(_client?.Address, _client?.HostName ?? "", _helo, _sender, _recipients.ToArray(),
                _fromDomain, _queueId, content, stage);
            foreach (var check in checks)
            {
                if (check.Build(message) is { } spec)
                {
                    specs.Add(spec);
                }
            }
        }
        if (specs.Count == 0)
        {
            Answer(Decide(stage));
            return;
        }
        Run(stage, specs).PipeTo(Self);
    }

    private async Task<StageChecked> Run(GatewayStage stage, List<CheckSpec> specs)
    {
        try
        {
            var result = await _engine.RunChecksAsync(specs, _closed.Token).ConfigureAwait(false);
            return new StageChecked(stage, specs, result, null);
        }
        catch (Exception e)
        {
            return new StageChecked(stage, specs, null, e);
        }
    }

    private void OnChecked(StageChecked done)
    {
        if (done.Result is null)
        {
            var response = _policy.DefaultResponse;
            GatewayLog.BatchFailed(_logger, QueueId, StageTable.NameOf(done.Stage), done.Error?.Message ?? "no result", response.ToString());
            Answer(new StageOutcome(response, [], null));
            if (done.Stage == GatewayStage.EndOfMessage)
            {
                EndMessage();
            }
            return;
        }
        _meter?.RecordBatch(StageTable.NameOf(done.Stage), done.Result);
        var into = done.Stage <= GatewayStage.Helo ? _connectionResults : _messageResults;
        foreach (var spec in done.Specs)
        {
            if (done.Result.Results.TryGetValue(spec.Name, out var result))
            {
                into.Add((spec, result));
            }
        }
        Answer(Decide(done.Stage));
    }

    /// <summary>
    /// The verdict on everything known so far (the connection's checks and the message's). Before
    /// end of message a REJECT or TEMPFAIL is answered at once; otherwise the session goes on. At
    /// end of message the action table decides, and accepted messages get their headers.
    /// </summary>
    private StageOutcome Decide(GatewayStage stage)
    {
        var all = new List<(CheckSpec Spec, CheckResult Result)>(_connectionResults.Count + _messageResults.Count);
        all.AddRange(_connectionResults);
        all.AddRange(_messageResults);
        var score = Scoring.ScoreResults(
            all.Select(c => new ScoredCheck(c.Spec.Name, c.Result.Status, c.Result.Interpretation, c.Spec.Weight, c.Spec.OnError, c.Result.Error)),
            null,
            _policy.Thresholds);
        var final = stage == GatewayStage.EndOfMessage;
        if (!final && score.Verdict == Verdict.Pass)
        {
            return StageOutcome.Continue;
        }
        var action = _policy.ActionFor(score);
        var reason = score.Reasons.Count > 0 ? score.Reasons[0] : null;
        StageOutcome outcome;
        switch (action)
        {
            case FilterAction.Reject:
                outcome = new StageOutcome(_policy.Reject.Render(reason), [], null);
                break;
            case FilterAction.Tempfail:
                outcome = new StageOutcome(_policy.Tempfail.Render(reason), [], null);
                break;
            case FilterAction.Discard:
                outcome = new StageOutcome(MilterResponse.Discard, [], null);
                break;
            default:
                var headers = GatewayHeaders.For(_policy, score, action, all.Select(c => c.Result).ToArray(), AuthservId);
                var quarantine = action == FilterAction.Quarantine
                    ? _policy.QuarantineReason.Replace("{reason}", SmtpReplyTemplate.Clean(reason ?? "quarantined"), StringComparison.Ordinal)
                    : null;
                outcome = new StageOutcome(MilterResponse.Accept, headers, quarantine);
                break;
        }
        var started = _messageOpen ? _messageStartedAt : _connectedAt;
        var duration = _time.GetElapsedTime(started);
        var stageName = StageTable.NameOf(stage);
        GatewayLog.Decided(_logger, QueueId, ClientText, score.Verdict.ToString().ToUpperInvariant(), GatewayHeaders.ActionName(action),
            score.Score, stageName, string.Join("; ", score.Reasons.Take(_policy.MaxReasons)), duration.TotalMilliseconds);
        _meter?.RecordVerdict(score.Verdict, action, stageName, duration);
        if (final)
        {
            EndMessage();
        }
        return outcome;
    }

    private string AuthservId => _policy.Headers.AuthservId is { Length: > 0 } configured ? configured
        : _authservId is { Length: > 0 } macro ? macro
        : Environment.MachineName.ToLower(CultureInfo.InvariantCulture);
}
