/**
 * Three changes to FerretDB 1.24.2's source, applied before the test setup builds it, so that it
 * behaves like MongoDB where payledger's read models depend on it (measured in BENCHMARKS.md,
 * "FerretDB backends"). As released, on either backend, every lookup, update and delete by `_id`
 * scans the whole collection:
 *
 * 1. The SQLite backend indexes `_id` as `_ferretdb_sjson->"_id"` but queries
 *    `_ferretdb_sjson->'$._id'`; SQLite matches index expressions as written, so it never uses
 *    the index (`EXPLAIN QUERY PLAN`: SCAN). The index is created on the expression queried.
 * 2. The SQLite backend pushes a filter down to SQL only when it is exactly `{ _id: <string> }`;
 *    `{ _id, lastGlobalPosition }` (a compare-and-swap) or `{ _id: { $in: […] } }` (a batch
 *    load) is decoded document by document in Go. The `_id` part of any filter is pushed down;
 *    the handler still applies the whole filter to what comes back.
 * 3. An `update` command keeps each statement's cursor, and with it a pooled SQL connection,
 *    open until the whole command ends; past the pool's size (100) the command waits for ever.
 *    Each statement's cursor is closed before the next statement.
 *
 * Each patch names the exact text it replaces and the build fails if that text is not found.
 */
export interface SourcePatch {
  readonly file: string;
  readonly find: string;
  readonly replace: string;
}

export const FERRETDB_PATCHES: readonly SourcePatch[] = [
  {
    file: 'internal/backends/sqlite/metadata/registry.go',
    find: `			columns[i] = fmt.Sprintf("%s->%s", DefaultColumn, strings.Join(fields, "->"))
`,
    replace: `			columns[i] = fmt.Sprintf("%s->%s", DefaultColumn, strings.Join(fields, "->"))
			if key.Field == "_id" {
				// payledger: the expression queries use, so that SQLite uses the index.
				columns[i] = IDColumn
			}
`,
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    find: `	// that logic should exist in one place
	// TODO https://github.com/FerretDB/FerretDB/issues/3235
	if params.Filter.Len() == 1 {
		v, _ := params.Filter.Get("_id")
		switch v.(type) {
		case string, types.ObjectID:
			whereClause = fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn)
			args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}
		}
	}

	q += whereClause
	q += prepareOrderByClause(params.Sort)`,
    replace: `	// payledger: the _id part of any filter; the handler applies the whole filter afterwards.
	whereClause, args = idPushdown(params.Filter)

	q += whereClause
	q += prepareOrderByClause(params.Sort)`,
  },
  {
    file: 'internal/backends/sqlite/id_pushdown.go',
    find: '',
    replace: `package sqlite

import (
	"fmt"
	"strings"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// idPushdown is a WHERE clause for the _id condition of a filter (equality or $in of string
// or ObjectID values), or nothing when the filter has none.
func idPushdown(filter *types.Document) (string, []any) {
	if filter.Len() == 0 || !filter.Has("_id") {
		return "", nil
	}

	marshal := func(v any) (any, bool) {
		switch v.(type) {
		case string, types.ObjectID:
			return string(must.NotFail(sjson.MarshalSingleValue(v))), true
		}

		return nil, false
	}

	v := must.NotFail(filter.Get("_id"))
	if arg, ok := marshal(v); ok {
		return fmt.Sprintf(\` WHERE %s = ?\`, metadata.IDColumn), []any{arg}
	}

	condition, ok := v.(*types.Document)
	if !ok || condition.Len() != 1 || !condition.Has("$in") {
		return "", nil
	}

	in, ok := must.NotFail(condition.Get("$in")).(*types.Array)
	if !ok || in.Len() == 0 {
		return "", nil
	}

	args := make([]any, 0, in.Len())
	for i := 0; i < in.Len(); i++ {
		arg, ok := marshal(must.NotFail(in.Get(i)))
		if !ok {
			return "", nil
		}

		args = append(args, arg)
	}

	placeholders := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")

	return fmt.Sprintf(\` WHERE %s IN (%s)\`, metadata.IDColumn, placeholders), args
}
`,
  },
  {
    file: 'internal/handler/msg_update.go',
    find: `		closer := iterator.NewMultiCloser()
		defer closer.Close()

		closer.Add(res.Iter)

		iter := common.FilterIterator(res.Iter, closer, u.Filter)

		if !u.Multi {
			iter = common.LimitIterator(iter, closer, 1)
		}

		result, err := common.UpdateDocument(ctx, c, "update", iter, &u)`,
    replace: `		// payledger: close this statement's cursor (and its connection) before the next one.
		result, err := func() (*common.UpdateResult, error) {
			closer := iterator.NewMultiCloser()
			defer closer.Close()

			closer.Add(res.Iter)

			iter := common.FilterIterator(res.Iter, closer, u.Filter)

			if !u.Multi {
				iter = common.LimitIterator(iter, closer, 1)
			}

			return common.UpdateDocument(ctx, c, "update", iter, &u)
		}()`,
  },
];
