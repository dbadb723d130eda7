namespace Sift.Actors.Kernel;

/// <summary>
/// An actor's own timers, keyed: starting a timer with a key in use replaces it, and a
/// replaced or cancelled timer's message is never delivered, even if it already fired.
/// Timers run on <see cref="ActorSystem.TimeProvider"/> and are cancelled on restart and stop.
/// Use only from the actor's handlers.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Delivers <paramref name="message"/> to the actor once after <paramref name="delay"/>.</summary>
    void StartSingleTimer(object key, object message, TimeSpan delay);

    /// <summary>Delivers <paramref name="message"/> every <paramref name="interval"/>, the first time after one interval.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    /// <summary>Delivers <paramref name="message"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    /// <summary>True when a timer with this key is active.</summary>
    bool IsTimerActive(object key);

    /// <summary>Cancels the timer with this key, if any.</summary>
    void Cancel(object key);

    /// <summary>Cancels every timer.</summary>
    void CancelAll();
}
