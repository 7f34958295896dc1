namespace Onboard.Hil.Scenes;

/// <summary>Smooth random texture in [−1, 1]: random values on a lattice of the given cell size,
/// interpolated with a smoothstep so the texture has no visible grid.</summary>
internal sealed class ValueNoise
{
    private readonly float[] _lattice;
    private readonly int _columns;
    private readonly int _cell;

    public ValueNoise(Random random, int width, int height, int cell)
    {
        _cell = cell;
        _columns = width / cell + 2;
        int rows = height / cell + 2;
        _lattice = new float[_columns * rows];
        for (int i = 0; i < _lattice.Length; i++)
        {
            _lattice[i] = (float)(random.NextDouble() * 2 - 1);
        }
    }

    public double At(int x, int y)
    {
        int cx = x / _cell, cy = y / _cell;
        double fx = Smooth((x % _cell) / (double)_cell);
        double fy = Smooth((y % _cell) / (double)_cell);
        int i = cy * _columns + cx;
        double top = _lattice[i] + fx * (_lattice[i + 1] - _lattice[i]);
        double bottom = _lattice[i + _columns] + fx * (_lattice[i + _columns + 1] - _lattice[i + _columns]);
        return top + fy * (bottom - top);
    }

    private static double Smooth(double t) => t * t * (3 - 2 * t);
}
