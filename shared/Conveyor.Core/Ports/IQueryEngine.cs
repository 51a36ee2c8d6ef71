using Conveyor.Core.Queries;

namespace Conveyor.Core.Ports;

/// <summary>Reads read-model tables: by id with an optional filter, or a filtered scan; both paginated.</summary>
public interface IQueryEngine
{
    Task<QueryPage> QueryByIdAsync(string table, string id, QueryFilter? filter, QueryPaging paging, CancellationToken cancellationToken);

    Task<QueryPage> ScanAsync(string table, QueryFilter filter, QueryPaging paging, CancellationToken cancellationToken);
}
