namespace Sift.Actors.TestKit;

/// <summary>A TestKit expectation was not met. Test frameworks report it as a failed test.</summary>
public sealed class TestKitAssertionException(string message) : Exception(message);
