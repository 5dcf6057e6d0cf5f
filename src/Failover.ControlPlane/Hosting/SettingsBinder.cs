using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Failover.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Failover.ControlPlane.Hosting;

/// <summary>
/// Binds a section of the settings onto an options class (durations parsed as the estate file writes them, which the
/// configuration binder cannot) and validates it at start with the class's own <c>Validate()</c>; every failure
/// names the setting.
/// </summary>
internal static class SettingsBinder
{
    public static IServiceCollection AddFailoverSettings<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(
        this IServiceCollection services, IConfiguration settings, string section, Action<TOptions> validate)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Configure(o => Bind(settings, section, o)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new Validator<TOptions>(section, validate)));
        return services;
    }

    private static void Bind<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(IConfiguration settings, string section, TOptions options)
    {
        var errors = new List<string>();
        var properties = typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        foreach (var given in settings.GetSection(section).GetChildren().Select(c => c.Key))
        {
            if (!properties.Any(p => string.Equals(p.Name, given, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{ControlPlaneSettings.Describe($"{section}:{given}")}: unknown setting{Suggestions.DidYouMean(given, properties.Select(p => p.Name))}");
            }
        }

        foreach (var property in properties)
        {
            var key = $"{section}:{property.Name}";
            if (settings[key] is not { } text)
            {
                continue;
            }

            if (property.SetMethod is not { IsPublic: true })
            {
                errors.Add($"{ControlPlaneSettings.Describe(key)}: not a setting that can be set");
                continue;
            }

            if (!TryParse(property.PropertyType, text, out var value, out var expected))
            {
                errors.Add($"{ControlPlaneSettings.Describe(key)}: '{text}' is not {expected ?? "a value this setting takes"}");
                continue;
            }

            property.SetValue(options, value);
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), errors);
        }
    }

    private static bool TryParse(Type type, string text, out object? value, out string? expected)
    {
        value = null;
        expected = null;
        switch (type)
        {
            case var t when t == typeof(TimeSpan):
                expected = Units.DurationExpected;
                value = Units.TryParseDuration(text, out var duration) ? duration : null;
                break;
            case var t when t == typeof(int):
                expected = "a whole number";
                value = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
                break;
            case var t when t == typeof(long):
                expected = Units.SizeExpected;
                value = Units.TryParseSize(text, out var size) ? size : null;
                break;
            case var t when t == typeof(bool):
                expected = "true or false";
                value = bool.TryParse(text, out var flag) ? flag : null;
                break;
            case var t when t == typeof(string):
                value = text;
                break;
        }

        return value is not null;
    }

    private sealed class Validator<TOptions>(string section, Action<TOptions> validate) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            try
            {
                validate(options);
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException e)
            {
                var reason = e.Message.Split('\n')[0];
                var parameter = reason.IndexOf(" (Parameter '", StringComparison.Ordinal);
                reason = parameter < 0 ? reason : reason[..parameter];
                return ValidateOptionsResult.Fail(e.ParamName is { } setting ? $"{ControlPlaneSettings.Describe($"{section}:{setting}")}: {reason}" : reason);
            }
        }
    }
}
