using System.Reflection;

namespace Faultline.Server.Internal;

/// <summary>Finds and calls the generated <c>BindService&lt;TService&gt;</c> of a service type.</summary>
internal static class ServiceBinding
{
    public static void Bind<TService>(ServiceMethodBinder<TService> binder)
        where TService : class
    {
        var attribute = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true)
            ?? throw new InvalidOperationException(
                $"{typeof(TService).FullName} is not a Faultline service: it must derive from a generated service base class (which carries [BindServiceMethod]).");

        var bindMethod = attribute.BindType
            .GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .FirstOrDefault(m => m.Name == attribute.BindMethodName && m.IsGenericMethodDefinition && m.GetParameters().Length == 1)
            ?? throw new InvalidOperationException(
                $"{attribute.BindType.FullName} has no static generic method {attribute.BindMethodName}<TService>(ServiceMethodBinder<TService>): regenerate the service code.");

        try
        {
            bindMethod.MakeGenericMethod(typeof(TService)).Invoke(null, [binder]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }
}
