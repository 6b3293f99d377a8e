using Casparian.Broker.Store.Catalog;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Casparian.Broker.Api;

/// <summary><c>/api/v1/sources</c>, <c>/plugins</c> and <c>/materializations</c>: read-only views of the catalog.</summary>
internal static class CatalogRoutes
{
    private const int DefaultLimit = 100;

    public static void Map(RouteGroupBuilder api, ControlApiState state)
    {
        api.MapGet("/sources", async (HttpContext http, CancellationToken ct) =>
        {
            if (QueryParameters.Of(http.Request).Problem is { } problem)
            {
                return problem;
            }
            var roots = await state.Store.Catalog.ListSourceRootsAsync(ct).ConfigureAwait(false);
            return Results.Json(new SourceList([.. roots.Select(SourceView.From)]), ApiJsonContext.Default.SourceList);
        });
        api.MapGet("/plugins", async (HttpContext http, CancellationToken ct) =>
        {
            if (QueryParameters.Of(http.Request).Problem is { } problem)
            {
                return problem;
            }
            var plugins = await state.Store.Catalog.ListPluginsAsync(ct).ConfigureAwait(false);
            return Results.Json(new PluginList([.. plugins.Select(PluginView.From)]), ApiJsonContext.Default.PluginList);
        });
        api.MapGet("/materializations", async (HttpContext http, CancellationToken ct) =>
        {
            var query = QueryParameters.Of(http.Request, "source_hash", "output_target", "limit");
            var filter = new MaterializationQuery(query.Text("source_hash"), query.Text("output_target"));
            var limit = (int)query.Integer("limit", 1, JobRoutes.MaxLimit, DefaultLimit)!.Value;
            if (query.Problem is { } problem)
            {
                return problem;
            }
            var found = await state.Store.Catalog.QueryMaterializationsAsync(filter, limit, ct).ConfigureAwait(false);
            return Results.Json(new MaterializationList([.. found.Select(MaterializationView.From)]), ApiJsonContext.Default.MaterializationList);
        });
    }
}
