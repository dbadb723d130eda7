using Sift.Actors.Kernel.Routing;

namespace Sift.Actors.Kernel;

/// <summary>A user message in a mailbox: the message, its sender and, for a message a pool
/// delivered, the routee slot whose in-flight count it holds.</summary>
internal readonly struct Envelope(object message, IActorRef? sender, RouteeSlot? slot)
{
    public readonly object Message = message;
    public readonly IActorRef? Sender = sender;
    public readonly RouteeSlot? Slot = slot;
}
