using Sift.Actors.Kernel;

namespace Sift.Actors.Checks;

/// <summary>
/// One check for a check actor to run: the kind's parameters (a DNS query, a message to scan…),
/// where to send the <see cref="CheckReply"/>, and the token that is cancelled when nobody waits
/// for the answer any more (the batch ended, or its deadline passed).
/// </summary>
/// <param name="Kind">The check kind, for logs.</param>
/// <param name="Parameters">What to check; the kind's executor knows its type.</param>
/// <param name="ReplyTo">Receives exactly one <see cref="CheckReply"/> (or <see cref="Overloaded"/> from a full pool).</param>
/// <param name="Tag">Echoed in the reply, so the requester knows which of its checks it answers.</param>
/// <param name="Cancellation">Cancelled when the answer is no longer wanted.</param>
public sealed record CheckRequest(string Kind, object Parameters, IActorRef ReplyTo, int Tag, CancellationToken Cancellation);

/// <summary>The outcome of a <see cref="CheckRequest"/>: the backend's raw answer, or what went wrong.</summary>
public sealed class CheckReply
{
    private CheckReply(int tag, object? answer, Exception? error)
    {
        Tag = tag;
        Answer = answer;
        Error = error;
    }

    /// <summary>The request's <see cref="CheckRequest.Tag"/>.</summary>
    public int Tag { get; }

    /// <summary>The raw answer (typed by the kind); null when <see cref="Error"/> is set.</summary>
    public object? Answer { get; }

    /// <summary>Why there is no answer; null on success.</summary>
    public Exception? Error { get; }

    /// <summary>True when the backend answered.</summary>
    public bool Succeeded => Error is null;

    /// <summary>A reply carrying the backend's answer.</summary>
    public static CheckReply Success(int tag, object? answer) => new(tag, answer, null);

    /// <summary>A reply carrying the failure.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is null.</exception>
    public static CheckReply Failure(int tag, Exception error) => new(tag, null, error ?? throw new ArgumentNullException(nameof(error)));

    /// <inheritdoc />
    public override string ToString() => Error is null ? $"CheckReply({Answer})" : $"CheckReply(error: {Error.Message})";
}
