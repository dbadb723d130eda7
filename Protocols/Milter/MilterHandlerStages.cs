using System.Collections.Concurrent;
using System.Reflection;

namespace Sift.Protocols.Milter;

/// <summary>
/// Which stages a handler type leaves to the base class, as <c>SMFIP_NO*</c> flags: the MTA need
/// not send a stage nobody listens to (what Sendmail::PMilter does for callbacks not registered).
/// Worked out once per handler type.
/// </summary>
internal static class MilterHandlerStages
{
    private static readonly (string Method, MilterProtocolFlags Flag)[] Stages =
    [
        (nameof(MilterHandler.OnConnectAsync), MilterProtocolFlags.NoConnect),
        (nameof(MilterHandler.OnHeloAsync), MilterProtocolFlags.NoHelo),
        (nameof(MilterHandler.OnMailFromAsync), MilterProtocolFlags.NoMail),
        (nameof(MilterHandler.OnRcptAsync), MilterProtocolFlags.NoRcpt),
        (nameof(MilterHandler.OnDataAsync), MilterProtocolFlags.NoData),
        (nameof(MilterHandler.OnHeaderAsync), MilterProtocolFlags.NoHeaders),
        (nameof(MilterHandler.OnEndOfHeadersAsync), MilterProtocolFlags.NoEndOfHeaders),
        (nameof(MilterHandler.OnBodyAsync), MilterProtocolFlags.NoBody),
        (nameof(MilterHandler.OnUnknownAsync), MilterProtocolFlags.NoUnknown),
    ];

    private static readonly ConcurrentDictionary<Type, MilterProtocolFlags> Cache = new();

    /// <summary>The <c>NO*</c> flags for the stages <paramref name="handlerType"/> does not override.</summary>
    public static MilterProtocolFlags NotOverridden(Type handlerType) => Cache.GetOrAdd(handlerType, static type =>
    {
        var flags = MilterProtocolFlags.None;
        foreach (var (name, flag) in Stages)
        {
            var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance);
            if (method is null || method.GetBaseDefinition().DeclaringType == method.DeclaringType)
            {
                flags |= flag;
            }
        }
        return flags;
    });
}
