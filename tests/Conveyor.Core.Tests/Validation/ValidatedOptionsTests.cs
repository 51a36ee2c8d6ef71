using Conveyor.Core.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Core.Tests.Validation;

public sealed class ValidatedOptionsTests
{
    [Fact]
    public void AddValidatedOptions_WhenWired_ShouldReadNothingUntilTheHostValidates()
    {
        var reads = 0;
        var services = new ServiceCollection().AddValidatedOptions(_ => { reads++; return new PortOptions(0); });
        using var provider = services.BuildServiceProvider();

        Assert.Equal(0, reads);
        var error = Assert.Throws<ValidationException>(() => ValidatedOptions.ValidateAll(provider));

        Assert.Equal(1, reads);
        Assert.Equal("Test:Port (TEST__PORT) must be 1–65535; got 0.", error.Message);
    }

    [Fact]
    public void ValidateAll_WhenValid_ShouldLeaveTheValidatedInstanceForEveryConsumer()
    {
        using var provider = new ServiceCollection().AddValidatedOptions(_ => new PortOptions(8080)).BuildServiceProvider();

        ValidatedOptions.ValidateAll(provider);

        Assert.Equal(8080, provider.GetRequiredService<PortOptions>().Port);
        Assert.Same(provider.GetRequiredService<PortOptions>(), provider.GetRequiredService<PortOptions>());
    }

    [Fact]
    public void ValidateAll_WhenSeveralOptionsAreInvalid_ShouldNameEverySettingInOneError()
    {
        using var provider = new ServiceCollection()
            .AddValidatedOptions(_ => new PortOptions(-1))
            .AddValidatedOptions(_ => new NameOptions(""))
            .BuildServiceProvider();

        var error = Assert.Throws<ValidationException>(() => ValidatedOptions.ValidateAll(provider));

        Assert.Contains("TEST__PORT", error.Message, StringComparison.Ordinal);
        Assert.Contains("TEST__NAME", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddValidatedOptions_WhenRegisteredTwice_ShouldKeepTheFirstAndCheckItOnce()
    {
        var reads = 0;
        using var provider = new ServiceCollection()
            .AddValidatedOptions(_ => { reads++; return new PortOptions(1); })
            .AddValidatedOptions(_ => new PortOptions(0))
            .BuildServiceProvider();

        ValidatedOptions.ValidateAll(provider);

        Assert.Equal(1, provider.GetRequiredService<PortOptions>().Port);
        Assert.Equal(1, reads);
    }

    private sealed record PortOptions(int Port) : IValidatedOptions<PortOptions>
    {
        public PortOptions Validate() => Port is >= 1 and <= 65535
            ? this
            : throw new ValidationException($"Test:Port (TEST__PORT) must be 1–65535; got {Port}.", nameof(Port));
    }

    private sealed record NameOptions(string Name) : IValidatedOptions<NameOptions>
    {
        public NameOptions Validate() => Name.Length > 0 ? this : throw new ValidationException("Test:Name (TEST__NAME) must be set.", nameof(Name));
    }
}
