namespace Parley.Sdp;

/// <summary>
/// Chooses what the server wants to do with one offered m= section. The builder then narrows the wish to what the
/// offer allows (<see cref="MediaDirections.Answer"/>), so a policy can simply say "send and receive".
/// </summary>
public delegate MediaDirection AnswerDirectionPolicy(MediaDescription offeredSection, MediaDirection offeredDirection);
