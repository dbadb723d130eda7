namespace Sift.Engine.Execution;

/// <summary>What the inline path hands an aggregator: the batch's start (a timestamp of the
/// engine's clock), the token its inline checks were given (cancelled when the batch abandons
/// them), whether the batch's start and the answers recorded so far are already counted in
/// <see cref="EngineMetrics"/>, and — when the hand-over happens at a deadline, on the timer's own
/// thread — the batch's timer, already armed for <paramref name="ArmedFor"/> (from the start): an
/// aggregator arms its timer when it starts, later, and on a virtual clock that is moving meanwhile
/// the delay it computed would already be stale.</summary>
internal sealed record InlineStart(long Start, CancellationTokenSource? Round, bool Counted, ITimer? Timer = null, TimeSpan ArmedFor = default);
