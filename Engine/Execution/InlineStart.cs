namespace Sift.Engine.Execution;

/// <summary>What the caller's inline dispatch hands an aggregator: the batch's start (a timestamp of
/// the engine's clock), when the inline dispatch ended (from the start), and the token its inline
/// checks were given (cancelled when the batch abandons them).</summary>
internal sealed record InlineStart(long Start, TimeSpan Dispatched, CancellationTokenSource? Round);
