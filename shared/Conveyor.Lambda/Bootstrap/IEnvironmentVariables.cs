namespace Conveyor.Lambda.Bootstrap;

/// <summary>The process environment behind an interface so the loop can be tested without touching real variables.</summary>
public interface IEnvironmentVariables
{
    string? Get(string name);

    /// <summary>Sets <paramref name="name"/>; a null value removes it.</summary>
    void Set(string name, string? value);
}
