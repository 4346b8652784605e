namespace Parley.Protocol.Messages;

/// <summary>Result of methods with nothing to return (<c>logout</c>).</summary>
public sealed record EmptyResult;
