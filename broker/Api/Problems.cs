using Microsoft.AspNetCore.Http;

namespace Casparian.Broker.Api;

/// <summary>RFC 7807 problem responses (<c>application/problem+json</c>) for the control API's errors.</summary>
internal static class Problems
{
    public const string ContentType = "application/problem+json";

    /// <summary>400: a request parameter is malformed; the body names it.</summary>
    public static IResult BadParameter(string parameter, string detail) =>
        Create(StatusCodes.Status400BadRequest, "bad-request", "Malformed request", detail, parameter);

    /// <summary>401: a mutating call without the right bearer token.</summary>
    public static IResult Unauthorized() => new UnauthorizedProblem();

    /// <summary>404: no such job (or other resource).</summary>
    public static IResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "not-found", "Not found", detail);

    /// <summary>409: the job's state does not allow the operation.</summary>
    public static IResult Conflict(string detail) => Create(StatusCodes.Status409Conflict, "invalid-transition", "Invalid transition", detail);

    /// <summary>503: not ready.</summary>
    public static IResult Unavailable(string detail) => Create(StatusCodes.Status503ServiceUnavailable, "unavailable", "Service unavailable", detail);

    private static IResult Create(int status, string type, string title, string detail, string? parameter = null) =>
        Results.Json(new ApiProblem($"https://casparian.dev/problems/{type}", title, status, detail, parameter),
            ApiJsonContext.Default.ApiProblem, ContentType, status);

    /// <summary>A 401 that also says which scheme to use, as RFC 6750 asks.</summary>
    private sealed class UnauthorizedProblem : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Create(StatusCodes.Status401Unauthorized, "unauthorized", "Unauthorized",
                "mutating calls need 'Authorization: Bearer TOKEN' with the token from the Sentinel's --token-file (default .casparian/api-token)")
                .ExecuteAsync(httpContext);
        }
    }
}
