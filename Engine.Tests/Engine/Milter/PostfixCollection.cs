namespace Sift.Engine.Tests.Engine.Milter;

/// <summary>
/// The tests that drive the real Postfix of test-env/servers/postfix.sh: they share its milter
/// port (each starts its own Sift gateway there), so they run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostfixCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Postfix";
}
