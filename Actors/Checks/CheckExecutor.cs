namespace Sift.Actors.Checks;

/// <summary>
/// Runs one check against a backend and returns its raw answer (a DNS answer, a clamd scan
/// result, a process result…). Expected negatives (not listed, clean) are answers; an exception
/// means the check failed. The token is cancelled when the answer is no longer wanted; the
/// executor should then stop promptly. An executor instance belongs to one check actor, which
/// may run several checks at once on it (up to the pool's in-flight bound).
/// </summary>
/// <param name="parameters">The check's parameters, of the type the kind defines.</param>
/// <param name="cancellationToken">Cancelled when the batch no longer waits for the answer.</param>
public delegate ValueTask<object?> CheckExecutor(object parameters, CancellationToken cancellationToken);
