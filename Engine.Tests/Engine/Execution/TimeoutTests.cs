using Sift.Engine.Checks;
using Sift.Engine.Results;
using Sift.Engine.Tests.Infrastructure;

namespace Sift.Engine.Tests.Engine.Execution;

public sealed class TimeoutTests : EngineTestBase
{
    [Fact]
    public async Task The_global_timeout_answers_with_what_arrived_and_names_what_it_waited_for()
    {
        var batch = Engine.RunChecksAsync(
        [
            Flag("answered"),
            Gate("slow-a").WithTimeout(TimeSpan.FromSeconds(30)),
            Gate("slow-b").WithTimeout(TimeSpan.FromSeconds(30)),
        ]);
        Backend.Open("answered", true);
        WaitForBatches(1);
        WaitForAnswers(1);
        Time.Advance(TimeSpan.FromSeconds(9.9));
        AssertPending(batch);
        Time.Advance(TimeSpan.FromSeconds(0.1));
        var result = await Result(batch);
        Assert.True(result.TimedOut);
        Assert.Equal(["slow-a", "slow-b"], result.WaitedFor);
        Assert.Equal(CheckStatus.Answered, result.Results["answered"].Status);
        Assert.Equal(CheckStatus.Aborted, result.Results["slow-a"].Status);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Results["slow-a"].Duration);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Elapsed);
        Assert.Equal(1.0, result.Score);
    }

    [Fact]
    public async Task A_check_past_its_own_deadline_at_the_global_timeout_is_timed_out_not_aborted()
    {
        var batch = Engine.RunChecksAsync([Gate("dns").WithTimeout(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(20))]);
        WaitForBatches(1);
        Time.Advance(TimeSpan.FromSeconds(10));
        var result = await Result(batch);
        Assert.True(result.TimedOut);
        Assert.Equal(CheckStatus.Aborted, result.Results["dns"].Status);

        var second = Engine.RunChecksAsync([Gate("dns2").WithTimeout(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(4)), Gate("long").WithTimeout(TimeSpan.FromSeconds(60))]);
        WaitForBatches(2);
        Time.Advance(TimeSpan.FromSeconds(10));
        var timedOut = await Result(second);
        Assert.Equal(CheckStatus.TimedOut, timedOut.Results["dns2"].Status);
        Assert.Equal(CheckStatus.Aborted, timedOut.Results["long"].Status);
    }

    [Fact]
    public async Task With_half_the_checks_answered_the_pending_ones_expire_at_initial_minus_a_quarter_of_the_span()
    {
        // initial 5 s, min 1 s, r = 2/4: deadline = 5 − (5 − 1)·0.25 = 4 s.
        var batch = Engine.RunChecksAsync(
        [
            Flag("a").WithTimeout(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)),
            Flag("b").WithTimeout(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)),
            Gate("c").WithTimeout(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)),
            Gate("d").WithTimeout(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)),
        ]);
        Backend.Open("a", false);
        Backend.Open("b", false);
        WaitForBatches(1);
        WaitForAnswers(2);
        Time.Advance(TimeSpan.FromSeconds(3.99));
        AssertPending(batch);
        Time.Advance(TimeSpan.FromSeconds(0.01));
        var result = await Result(batch);
        Assert.False(result.TimedOut);
        Assert.Equal(CheckStatus.TimedOut, result.Results["c"].Status);
        Assert.Equal(CheckStatus.TimedOut, result.Results["d"].Status);
        Assert.Equal(TimeSpan.FromSeconds(4), result.Results["c"].Duration);
        Assert.Equal(["c", "d"], result.WaitedFor);
        Assert.Equal(Verdict.Pass, result.Verdict);
        Assert.True(Backend.Tokens("c").Single().IsCancellationRequested, "the timed-out lookup's token is cancelled");
    }

    [Fact]
    public async Task With_no_check_answered_a_pending_check_gets_its_full_initial_timeout()
    {
        var batch = Engine.RunChecksAsync([Gate("only").WithTimeout(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(0.5))]);
        WaitForBatches(1);
        Time.Advance(TimeSpan.FromSeconds(2.999));
        AssertPending(batch);
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await Result(batch);
        Assert.Equal(CheckStatus.TimedOut, result.Results["only"].Status);
        Assert.Equal(TimeSpan.FromSeconds(3), result.Results["only"].Duration);
    }

    [Fact]
    public async Task Pending_checks_are_aborted_only_when_all_have_expired_and_a_late_answer_still_counts()
    {
        // min 0: deadline = initial·(1 − r²). After "a": r = 1/3, short expires at 2·8/9 = 1.78 s, long at 10·8/9 = 8.89 s.
        var batch = Engine.RunChecksAsync(
        [
            Flag("a"),
            Flag("short").WithTimeout(TimeSpan.FromSeconds(2), TimeSpan.Zero),
            Gate("long").WithTimeout(TimeSpan.FromSeconds(10), TimeSpan.Zero),
        ]);
        Backend.Open("a", false);
        WaitForBatches(1);
        WaitForAnswers(1);
        Time.Advance(TimeSpan.FromSeconds(2));
        AssertPending(batch);

        // "short" is past its deadline but "long" is not: "short" is still waited for, and its answer counts.
        Backend.Open("short", true);
        WaitForAnswers(2);

        // Now r = 2/3: long expires at 10·(1 − 4/9) = 5.56 s.
        Time.Advance(TimeSpan.FromSeconds(3.5));
        AssertPending(batch);
        Time.Advance(TimeSpan.FromSeconds(0.06));
        var result = await Result(batch);
        Assert.Equal(CheckStatus.Answered, result.Results["short"].Status);
        Assert.Equal(1.0, result.Results["short"].WeightApplied);
        Assert.Equal(CheckStatus.TimedOut, result.Results["long"].Status);
        Assert.InRange(result.Elapsed.TotalSeconds, 5.55, 5.56);
    }

    [Fact]
    public async Task A_zone_timeout_overrides_the_dns_default_and_a_check_timeout_overrides_the_zone()
    {
        await using var engine = new FilterEngine(new FilterEngineOptions
        {
            TimeProvider = Time,
            ZoneTimeouts = new Dictionary<string, TimeSpan>(StringComparer.OrdinalIgnoreCase) { ["slow.example"] = TimeSpan.FromSeconds(2) },
        });
        engine.RegisterKind(new CheckKind(CheckKinds.Dnsbl, () => (p, ct) => Backend.AnswerBoxedAsync(((DnsblQuery)p).Zone, ct),
            FlagInterpretation.Interpret, TimeoutClass.Dns));
        var ip = System.Net.IPAddress.Parse("192.0.2.1");
        var batch = engine.RunChecksAsync([Check.Dnsbl("zoned", ip, "slow.example"), Check.Dnsbl("own", ip, "other.example").WithTimeout(TimeSpan.FromSeconds(1))]);
        ActorWait(() => engine.Metrics.BatchesStarted >= 1);
        Time.Advance(TimeSpan.FromSeconds(2));
        var result = await Result(batch);
        Assert.Equal(CheckStatus.TimedOut, result.Results["zoned"].Status);
        Assert.Equal(TimeSpan.FromSeconds(2), result.Results["zoned"].Duration);
        Assert.Equal(CheckStatus.TimedOut, result.Results["own"].Status);
    }

    [Fact]
    public async Task A_kind_timeout_overrides_the_class_default()
    {
        await using var engine = new FilterEngine(new FilterEngineOptions
        {
            TimeProvider = Time,
            KindTimeouts = new Dictionary<string, TimeSpan> { ["slowkind"] = TimeSpan.FromSeconds(8) },
        });
        engine.RegisterCustom("slowkind", (p, ct) => Backend.AnswerAsync<CustomAnswer>((string)p, ct));
        var batch = engine.RunChecksAsync([Check.Custom("slowkind", "s", "never")]);
        ActorWait(() => engine.Metrics.BatchesStarted >= 1);
        Time.Advance(TimeSpan.FromSeconds(7.9));
        AssertPending(batch);
        Time.Advance(TimeSpan.FromSeconds(0.1));
        var result = await Result(batch);
        Assert.Equal(CheckStatus.TimedOut, result.Results["s"].Status);
        Assert.Equal(TimeSpan.FromSeconds(8), result.Results["s"].Duration);
    }

    [Fact]
    public void Two_kinds_whose_pool_names_collide_are_refused_clearly()
    {
        Engine.RegisterCustom("a/b", (_, _) => ValueTask.FromResult(CustomAnswer.Ok()));
        Assert.Throws<Sift.Actors.Kernel.InvalidActorNameException>(() => Engine.RegisterCustom("a_b", (_, _) => ValueTask.FromResult(CustomAnswer.Ok())));
        Assert.Throws<InvalidOperationException>(() => Engine.RegisterCustom("a/b", (_, _) => ValueTask.FromResult(CustomAnswer.Ok())));
    }

    private static void ActorWait(Func<bool> condition) => Sift.Actors.TestKit.ActorTestKit.AwaitCondition(condition, RealTimeLimit);
}
