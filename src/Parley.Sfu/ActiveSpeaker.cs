namespace Parley.Sfu;

/// <summary>One of the loudest producers: its id and its smoothed level, 0 (silence) to 100 (loudest).</summary>
public readonly record struct ActiveSpeaker(string ProducerId, int Level);
