using System.Collections.Concurrent;

namespace Sift.Engine.Tests.Fakes;

/// <summary>
/// A backend whose answers the test releases: each call waits on the gate named by its
/// parameter until the test opens it (with an answer or an error). Counts calls per gate and
/// records each call's cancellation token, so tests can see merging and cancellation. It stands
/// for what no real server does on demand: answer exactly when the test says.
/// </summary>
public sealed class GatedBackend
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<object?>> _gates = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Gate, CancellationToken Token)> _tokens = new();

    /// <summary>Times the backend was called for <paramref name="gate"/>.</summary>
    public int Calls(string gate) => _calls.TryGetValue(gate, out var n) ? n : 0;

    /// <summary>Total calls.</summary>
    public int TotalCalls => _calls.Values.Sum();

    /// <summary>The tokens the calls for <paramref name="gate"/> were given.</summary>
    public IReadOnlyList<CancellationToken> Tokens(string gate) => [.. _tokens.Where(t => t.Gate == gate).Select(t => t.Token)];

    /// <summary>Opens <paramref name="gate"/> with <paramref name="answer"/> (calls before and after get it).</summary>
    public void Open(string gate, object? answer) => GateOf(gate).TrySetResult(answer);

    /// <summary>Opens <paramref name="gate"/> with an error.</summary>
    public void Fail(string gate, Exception error) => GateOf(gate).TrySetException(error);

    /// <summary>Cancels every gate still closed (teardown).</summary>
    public void ReleaseAll()
    {
        foreach (var gate in _gates.Values)
        {
            gate.TrySetCanceled();
        }
    }

    /// <summary>The call: waits for the gate (or the token).</summary>
    public async ValueTask<T> AnswerAsync<T>(string gate, CancellationToken cancellationToken)
    {
        var answer = await AnswerBoxedAsync(gate, cancellationToken).ConfigureAwait(false);
        return (T)answer!;
    }

    /// <summary>The call, untyped.</summary>
    public ValueTask<object?> AnswerBoxedAsync(string gate, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(gate, 1, static (_, n) => n + 1);
        _tokens.Enqueue((gate, cancellationToken));
        var task = GateOf(gate).Task;
        return task.IsCompleted ? new ValueTask<object?>(task) : new ValueTask<object?>(task.WaitAsync(cancellationToken));
    }

    private TaskCompletionSource<object?> GateOf(string gate) =>
        _gates.GetOrAdd(gate, static _ => new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously));
}
