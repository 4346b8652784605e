namespace Parley.Sfu.Speakers;

/// <summary>One of the loudest speakers: the audio producer and its smoothed level, 0 (silence) to 100 (0 dBov).</summary>
public readonly record struct ActiveSpeaker(string ProducerId, int Level);
