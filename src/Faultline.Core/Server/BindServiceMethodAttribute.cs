using System.Diagnostics.CodeAnalysis;

namespace Faultline;

/// <summary>
/// Marks a generated service base class with the static method that binds its methods:
/// <c>static void BindService&lt;TService&gt;(ServiceMethodBinder&lt;TService&gt; binder)</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class BindServiceMethodAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="bindType">The type declaring the bind method.</param>
    /// <param name="bindMethodName">The name of the bind method.</param>
    public BindServiceMethodAttribute([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods)] Type bindType, string bindMethodName)
    {
        BindType = bindType;
        BindMethodName = bindMethodName;
    }

    /// <summary>The type declaring the bind method.</summary>
    [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods)]
    public Type BindType { get; }

    /// <summary>The name of the bind method.</summary>
    public string BindMethodName { get; }
}
