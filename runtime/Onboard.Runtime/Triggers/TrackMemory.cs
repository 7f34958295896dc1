namespace Onboard.Runtime.Triggers;

/// <summary>
/// Per-track state that a rule carries from frame to frame, for the tracks alive now. Tracks arrive in id order
/// every frame (<c>TrackSet.Tracks</c>), so last frame's state is found by a merge walk — no hash table, no
/// allocation — and a track that is gone simply is not carried over. Call <see cref="Begin"/>, then
/// <see cref="Next"/> once per track in id order, then <see cref="End"/>.
/// </summary>
internal sealed class TrackMemory<T> where T : struct
{
    private ulong[] _previousIds, _currentIds;
    private T[] _previous, _current;
    private int _previousCount, _currentCount, _cursor;

    public TrackMemory(int capacity)
    {
        _previousIds = new ulong[capacity];
        _currentIds = new ulong[capacity];
        _previous = new T[capacity];
        _current = new T[capacity];
    }

    public void Begin()
    {
        _currentCount = 0;
        _cursor = 0;
    }

    /// <summary>The state of track <paramref name="id"/> (ids strictly increasing within a frame): last frame's, or new.</summary>
    public ref T Next(ulong id, out bool known)
    {
        while (_cursor < _previousCount && _previousIds[_cursor] < id)
        {
            _cursor++;
        }
        known = _cursor < _previousCount && _previousIds[_cursor] == id;
        if (_currentCount == _current.Length)
        {
            // More live tracks than the tracker's capacity cannot happen; a bigger frame only forgets its highest ids.
            _current[^1] = default;
            return ref _current[^1];
        }
        int slot = _currentCount++;
        _currentIds[slot] = id;
        _current[slot] = known ? _previous[_cursor] : default;
        return ref _current[slot];
    }

    public void End()
    {
        (_previousIds, _currentIds) = (_currentIds, _previousIds);
        (_previous, _current) = (_current, _previous);
        _previousCount = _currentCount;
    }
}
