namespace Sift.Engine.Tests.Infrastructure;

/// <summary>
/// Addresses of the real servers started by <c>test-env/test.sh</c>. A test that needs a
/// server asks for its variable here; when it is missing the test fails with the reason
/// (it never skips quietly).
/// </summary>
public static class TestEnv
{
    /// <summary>Returns the value of <paramref name="name"/> or fails the test with a clear message.</summary>
    public static string Require(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value))
        {
            Assert.Fail(
                $"{name} is not set: this test needs a real server started by test-env/test.sh " +
                "(run the suite with that command; if you did, the server failed to start and its log is above).");
        }
        return value!;
    }

    /// <summary>A fresh temporary folder, deleted when the returned handle is disposed.</summary>
    public static TempDir NewTempDir() => new();

    /// <summary>A temporary folder owned by a test.</summary>
    public sealed class TempDir : IDisposable
    {
        /// <summary>The folder's path.</summary>
        public string Path { get; } = Directory.CreateTempSubdirectory("sift-test-").FullName;

        /// <inheritdoc />
        public void Dispose()
        {
            try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
