namespace Sift.Engine.Execution;

/// <summary>What the inline path hands an aggregator: the batch's start (a timestamp of the
/// engine's clock), the token its inline checks were given (cancelled when the batch abandons
/// them), and whether the batch's start and the answers recorded so far are already counted in
/// <see cref="EngineMetrics"/>.</summary>
internal sealed record InlineStart(long Start, CancellationTokenSource? Round, bool Counted);
