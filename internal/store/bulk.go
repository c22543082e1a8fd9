package store

import "database/sql"

// column reads the one column of every row a query returned (rows and err
// as the query gave them) and closes the rows.
func column[T any](rows *sql.Rows, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// valuesRow is the VALUES row for the last cols of args, followed by
// constants (e.g. ", 'ready'").
func valuesRow(args []any, cols int, constants string) string {
	return "(" + placeholders(len(args)-cols+1, cols) + constants + ")"
}
