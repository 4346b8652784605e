namespace Parley.Stun;

/// <summary>An ICE agent's role (RFC 8445 §6.1.1). An ICE-lite agent is always <see cref="Controlled"/>.</summary>
public enum IceRole
{
    Controlled,
    Controlling,
}
