<?php
// This file is part of paygw_passerelle's tests. SPDX-License-Identifier: GPL-3.0-or-later

/**
 * A stand-in for Moodle's $DB: the subset of the DML API the plugin calls, over a JSON file shared by every PHP
 * process of a test (the web server's workers, the CLI driver), under an exclusive file lock for each operation and for
 * the whole of a delegated transaction (so concurrent transactions run one after the other, as serialisable ones
 * would). Values come back as strings, as Moodle's drivers return them. Tables are declared with their columns; the
 * plugin's own table is read from its db/install.xml, with its NOT NULL columns and unique indexes enforced, so an
 * insert that the real database would refuse is refused here too.
 *
 * SQL is limited to what the plugin writes: conditions joined by AND (=, <>, <, <=, >, >=, IS [NOT] NULL, IN (list)
 * or IN (SELECT col FROM {table} WHERE ...)), and UPDATE {table} SET col = :p, ... WHERE ....
 */
class standin_db {

    /** @var string */
    private $file;
    /** @var resource|null the lock held by the current transaction or operation */
    private $lock = null;
    /** @var array|null tables while locked */
    private $data = null;
    /** @var int delegated transaction depth */
    private $depth = 0;
    /** @var array table => ['columns' => [name => ['notnull' => bool, 'default' => mixed]], 'unique' => [[cols]]] */
    private $schema = [];
    /** @var int how many transactions were committed and rolled back (tests look) */
    public $commits = 0;
    /** @var int */
    public $rollbacks = 0;

    public function __construct(string $file) {
        $this->file = $file;
    }

    /**
     * @param string $table
     * @param array $columns name => notnull (bool) or ['notnull' => bool, 'default' => value]
     * @param array $unique lists of columns
     */
    public function define_table(string $table, array $columns, array $unique = []): void {
        $defs = ['id' => ['notnull' => true, 'default' => null]];
        foreach ($columns as $name => $def) {
            $defs[$name] = is_array($def) ? $def + ['default' => null] : ['notnull' => (bool) $def, 'default' => null];
        }
        $this->schema[$table] = ['columns' => $defs, 'unique' => $unique];
    }

    /**
     * Declares the tables of an XMLDB install.xml.
     *
     * @param string $installxml path
     */
    public function define_from_install_xml(string $installxml): void {
        $xml = simplexml_load_file($installxml);
        foreach ($xml->TABLES->TABLE as $table) {
            $columns = [];
            foreach ($table->FIELDS->FIELD as $field) {
                if ((string) $field['NAME'] === 'id') {
                    continue;
                }
                $columns[(string) $field['NAME']] = ['notnull' => (string) $field['NOTNULL'] === 'true',
                    'default' => isset($field['DEFAULT']) ? (string) $field['DEFAULT'] : null];
            }
            $unique = [];
            if (isset($table->INDEXES)) {
                foreach ($table->INDEXES->INDEX as $index) {
                    if ((string) $index['UNIQUE'] === 'true') {
                        $unique[] = array_map('trim', explode(',', (string) $index['FIELDS']));
                    }
                }
            }
            foreach ($table->KEYS->KEY as $key) {
                if (in_array((string) $key['TYPE'], ['unique', 'foreign-unique'], true)) {
                    $unique[] = array_map('trim', explode(',', (string) $key['FIELDS']));
                }
            }
            $this->define_table((string) $table['NAME'], $columns, $unique);
        }
    }

    // Locking and storage.

    private function begin(): void {
        if ($this->lock !== null) {
            return;
        }
        $lock = fopen($this->file . '.lock', 'c');
        flock($lock, LOCK_EX);
        $this->lock = $lock;
        $json = is_file($this->file) ? file_get_contents($this->file) : '';
        $this->data = $json === '' ? ['tables' => [], 'sequences' => []] : json_decode($json, true);
    }

    private function end(bool $save): void {
        if ($this->depth > 0) {
            return;
        }
        if ($save) {
            $tmp = $this->file . '.' . getmypid() . '.tmp';
            file_put_contents($tmp, json_encode($this->data));
            rename($tmp, $this->file);
        }
        flock($this->lock, LOCK_UN);
        fclose($this->lock);
        $this->lock = null;
        $this->data = null;
    }

    /**
     * Runs $work under the lock: reads see one state, writes are saved at the end (or at commit).
     */
    private function locked(callable $work, bool $write) {
        $this->begin();
        try {
            $result = $work();
        } catch (\Throwable $e) {
            $this->end(false);
            throw $e;
        }
        $this->end($write);
        return $result;
    }

    public function start_delegated_transaction(): standin_transaction {
        if ($this->depth === 0) {
            $this->begin();
        }
        $this->depth++;
        return new standin_transaction($this);
    }

    /** @internal */
    public function finish_transaction(bool $commit): void {
        $this->depth--;
        if ($this->depth > 0) {
            if (!$commit) {
                throw new \coding_exception('stand-in: a nested transaction was rolled back');
            }
            return;
        }
        if ($commit) {
            $this->commits++;
        } else {
            $this->rollbacks++;
        }
        $this->end($commit);
    }

    public function is_transaction_started(): bool {
        return $this->depth > 0;
    }

    // Reading.

    public function get_record($table, array $conditions, $fields = '*', $strictness = IGNORE_MISSING) {
        $rows = $this->get_records($table, $conditions);
        if (count($rows) > 1) {
            throw new \dml_exception('stand-in: more than one record in ' . $table);
        }
        if (!$rows) {
            if ($strictness === MUST_EXIST) {
                throw new \dml_missing_record_exception($table);
            }
            return false;
        }
        return reset($rows);
    }

    public function get_records($table, ?array $conditions = null, $sort = '', $fields = '*', $limitfrom = 0,
            $limitnum = 0) {
        [$select, $params] = $this->where_from_conditions($conditions ?? []);
        return $this->get_records_select($table, $select, $params, $sort, $fields, $limitfrom, $limitnum);
    }

    public function get_records_select($table, $select, ?array $params = null, $sort = '', $fields = '*', $limitfrom = 0,
            $limitnum = 0) {
        return $this->locked(function() use ($table, $select, $params, $sort, $limitfrom, $limitnum) {
            $rows = array_values(array_filter($this->rows($table),
                function($row) use ($select, $params) {
                    return $this->matches($row, (string) $select, $params ?? []);
                }));
            if ($sort !== '') {
                $orders = array_map(function($part) {
                    $bits = preg_split('/\s+/', trim($part));
                    return [$bits[0], strtoupper($bits[1] ?? 'ASC') === 'DESC' ? -1 : 1];
                }, explode(',', $sort));
                usort($rows, function($a, $b) use ($orders) {
                    foreach ($orders as [$column, $direction]) {
                        $cmp = $this->compare($a[$column], $b[$column]);
                        if ($cmp !== 0) {
                            return $cmp * $direction;
                        }
                    }
                    return 0;
                });
            }
            $rows = array_slice($rows, (int) $limitfrom, $limitnum ? (int) $limitnum : null);
            $result = [];
            foreach ($rows as $row) {
                $result[$row['id']] = $this->as_record($row);
            }
            return $result;
        }, false);
    }

    public function get_field($table, $return, array $conditions, $strictness = IGNORE_MISSING) {
        $record = $this->get_record($table, $conditions, '*', $strictness);
        return $record === false ? false : $record->$return;
    }

    public function record_exists($table, array $conditions): bool {
        return (bool) $this->get_records($table, $conditions);
    }

    public function count_records($table, ?array $conditions = null): int {
        return count($this->get_records($table, $conditions));
    }

    public function count_records_select($table, $select, ?array $params = null, $countitem = "COUNT('x')"): int {
        return count($this->get_records_select($table, $select, $params));
    }

    public function get_in_or_equal($items, $type = SQL_PARAMS_QM, $prefix = 'param', $equal = true,
            $onemptyitems = false): array {
        $items = (array) $items;
        static $counter = 0;
        $params = [];
        $names = [];
        foreach ($items as $item) {
            $name = $prefix . 'std' . (++$counter);
            $params[$name] = $item;
            $names[] = ':' . $name;
        }
        if (count($names) === 1) {
            return [($equal ? '= ' : '<> ') . $names[0], $params];
        }
        return [($equal ? 'IN (' : 'NOT IN (') . implode(', ', $names) . ')', $params];
    }

    // Writing.

    public function insert_record($table, $dataobject, $returnid = true, $bulk = false) {
        return $this->locked(function() use ($table, $dataobject) {
            $row = (array) $dataobject;
            unset($row['id']);
            $def = $this->definition($table);
            foreach ($row as $column => $value) {
                if (!isset($def['columns'][$column])) {
                    throw new \dml_write_exception("stand-in: $table has no column $column");
                }
                $row[$column] = $value === null ? null : (is_bool($value) ? (string) (int) $value : (string) $value);
            }
            foreach ($def['columns'] as $column => $spec) {
                if ($column === 'id') {
                    continue;
                }
                if (!array_key_exists($column, $row) || $row[$column] === null) {
                    $row[$column] = $spec['default'];
                }
                if ($spec['notnull'] && $row[$column] === null) {
                    throw new \dml_write_exception("stand-in: $table.$column cannot be null");
                }
            }
            $id = ($this->data['sequences'][$table] ?? 0) + 1;
            $this->data['sequences'][$table] = $id;
            $row = ['id' => (string) $id] + $row;
            $this->check_unique($table, $row);
            $this->data['tables'][$table][(string) $id] = $row;
            return $id;
        }, true);
    }

    public function update_record($table, $dataobject, $bulk = false): bool {
        return $this->locked(function() use ($table, $dataobject) {
            $changes = (array) $dataobject;
            $id = (string) $changes['id'];
            if (!isset($this->data['tables'][$table][$id])) {
                throw new \dml_write_exception("stand-in: no $table row $id to update");
            }
            $this->write_row($table, $id, $changes);
            return true;
        }, true);
    }

    public function set_field($table, $newfield, $newvalue, ?array $conditions = null): bool {
        [$select, $params] = $this->where_from_conditions($conditions ?? []);
        return $this->set_field_select($table, $newfield, $newvalue, $select, $params);
    }

    public function set_field_select($table, $newfield, $newvalue, $select, ?array $params = null): bool {
        return $this->locked(function() use ($table, $newfield, $newvalue, $select, $params) {
            foreach ($this->rows($table) as $row) {
                if ($this->matches($row, (string) $select, $params ?? [])) {
                    $this->write_row($table, $row['id'], [$newfield => $newvalue]);
                }
            }
            return true;
        }, true);
    }

    public function delete_records($table, ?array $conditions = null): bool {
        [$select, $params] = $this->where_from_conditions($conditions ?? []);
        return $this->delete_records_select($table, $select, $params);
    }

    public function delete_records_select($table, $select, ?array $params = null): bool {
        return $this->locked(function() use ($table, $select, $params) {
            foreach ($this->rows($table) as $row) {
                if ($this->matches($row, (string) $select, $params ?? [])) {
                    unset($this->data['tables'][$table][$row['id']]);
                }
            }
            return true;
        }, true);
    }

    /**
     * Only UPDATE {table} SET a = :x, b = :y WHERE conditions.
     */
    public function execute($sql, ?array $params = null): bool {
        $sql = trim(preg_replace('/\s+/', ' ', $sql));
        if (!preg_match('/^UPDATE \{(\w+)\} SET (.+?) WHERE (.+)$/i', $sql, $m)) {
            throw new \coding_exception('stand-in: execute() supports UPDATE {table} SET ... WHERE ... only: ' . $sql);
        }
        [, $table, $set, $where] = $m;
        $changes = [];
        foreach (explode(',', $set) as $assignment) {
            if (!preg_match('/^\s*(\w+)\s*=\s*:(\w+)\s*$/', $assignment, $a)) {
                throw new \coding_exception('stand-in: unsupported SET ' . $assignment);
            }
            $changes[$a[1]] = $params[$a[2]];
        }
        return $this->locked(function() use ($table, $changes, $where, $params) {
            foreach ($this->rows($table) as $row) {
                if ($this->matches($row, $where, $params ?? [])) {
                    $this->write_row($table, $row['id'], $changes);
                }
            }
            return true;
        }, true);
    }

    // Internals.

    private function definition(string $table): array {
        if (!isset($this->schema[$table])) {
            throw new \dml_exception("stand-in: unknown table $table");
        }
        return $this->schema[$table];
    }

    private function rows(string $table): array {
        $this->definition($table);
        return $this->data['tables'][$table] ?? [];
    }

    private function write_row(string $table, string $id, array $changes): void {
        $def = $this->definition($table);
        $row = $this->data['tables'][$table][$id];
        foreach ($changes as $column => $value) {
            if ($column === 'id') {
                continue;
            }
            if (!isset($def['columns'][$column])) {
                throw new \dml_write_exception("stand-in: $table has no column $column");
            }
            if ($value === null && $def['columns'][$column]['notnull']) {
                throw new \dml_write_exception("stand-in: $table.$column cannot be null");
            }
            $row[$column] = $value === null ? null : (is_bool($value) ? (string) (int) $value : (string) $value);
        }
        $this->check_unique($table, $row);
        $this->data['tables'][$table][$id] = $row;
    }

    private function check_unique(string $table, array $row): void {
        foreach ($this->definition($table)['unique'] as $columns) {
            foreach ($this->rows($table) as $other) {
                if ($other['id'] === $row['id']) {
                    continue;
                }
                $same = true;
                foreach ($columns as $column) {
                    $same = $same && $row[$column] !== null && $row[$column] === $other[$column];
                }
                if ($same) {
                    throw new \dml_write_exception("stand-in: duplicate key on $table (" . implode(', ', $columns) . ')');
                }
            }
        }
    }

    private function as_record(array $row): \stdClass {
        return (object) $row;
    }

    private function where_from_conditions(array $conditions): array {
        $parts = [];
        $params = [];
        $i = 0;
        foreach ($conditions as $column => $value) {
            if ($value === null) {
                $parts[] = "$column IS NULL";
            } else {
                $name = 'cond' . ($i++);
                $parts[] = "$column = :$name";
                $params[$name] = $value;
            }
        }
        return [implode(' AND ', $parts), $params];
    }

    private function compare($a, $b): int {
        if ($a === null || $b === null) {
            return ($a === null ? 1 : 0) - ($b === null ? 1 : 0);
        }
        if (is_numeric($a) && is_numeric($b)) {
            return $a + 0 <=> $b + 0;
        }
        return strcmp((string) $a, (string) $b);
    }

    /**
     * @param array $row
     * @param string $select conditions joined by AND
     * @param array $params named parameters
     */
    private function matches(array $row, string $select, array $params): bool {
        $select = trim(preg_replace('/\s+/', ' ', $select));
        if ($select === '') {
            return true;
        }
        foreach ($this->split_and($select) as $condition) {
            if (!$this->condition($row, $condition, $params)) {
                return false;
            }
        }
        return true;
    }

    private function split_and(string $select): array {
        $parts = [];
        $depth = 0;
        $current = '';
        foreach (preg_split('/(\(|\)|\bAND\b)/i', $select, -1, PREG_SPLIT_DELIM_CAPTURE) as $piece) {
            if ($piece === '(') {
                $depth++;
            } else if ($piece === ')') {
                $depth--;
            } else if (strcasecmp($piece, 'AND') === 0 && $depth === 0) {
                $parts[] = trim($current);
                $current = '';
                continue;
            }
            $current .= $piece;
        }
        $parts[] = trim($current);
        return $parts;
    }

    private function value(string $token, array $params) {
        $token = trim($token);
        if ($token[0] === ':') {
            $name = substr($token, 1);
            if (!array_key_exists($name, $params)) {
                throw new \dml_exception("stand-in: missing parameter $name");
            }
            return $params[$name];
        }
        if (is_numeric($token)) {
            return $token;
        }
        if (preg_match("/^'(.*)'$/", $token, $m)) {
            return $m[1];
        }
        throw new \coding_exception('stand-in: unsupported value ' . $token);
    }

    private function condition(array $row, string $condition, array $params): bool {
        if (preg_match('/^(\w+) IS (NOT )?NULL$/i', $condition, $m)) {
            $this->column($row, $m[1]);
            return ($row[$m[1]] === null) === empty($m[2]);
        }
        if (preg_match('/^(\w+) (NOT )?IN \(\s*SELECT (\w+) FROM \{(\w+)\}(?: WHERE (.+))?\)$/i', $condition, $m)) {
            $values = [];
            foreach ($this->rows($m[4]) as $other) {
                if ($this->matches($other, $m[5] ?? '', $params)) {
                    $values[] = (string) $other[$m[3]];
                }
            }
            $in = $row[$m[1]] !== null && in_array((string) $row[$this->column($row, $m[1])], $values, true);
            return empty($m[2]) ? $in : !$in;
        }
        if (preg_match('/^(\w+) (NOT )?IN \((.+)\)$/i', $condition, $m)) {
            $values = array_map(function($token) use ($params) {
                return (string) $this->value($token, $params);
            }, explode(',', $m[3]));
            $in = $row[$this->column($row, $m[1])] !== null && in_array((string) $row[$m[1]], $values, true);
            return empty($m[2]) ? $in : !$in;
        }
        if (preg_match('/^(\w+) ?(=|<>|!=|<=|>=|<|>) ?(.+)$/', $condition, $m)) {
            $actual = $row[$this->column($row, $m[1])];
            $expected = $this->value($m[3], $params);
            if ($actual === null || $expected === null) {
                return false;
            }
            $cmp = $this->compare($actual, is_bool($expected) ? (int) $expected : $expected);
            switch ($m[2]) {
                case '=':
                    return $cmp === 0;
                case '<>':
                case '!=':
                    return $cmp !== 0;
                case '<=':
                    return $cmp <= 0;
                case '>=':
                    return $cmp >= 0;
                case '<':
                    return $cmp < 0;
                default:
                    return $cmp > 0;
            }
        }
        throw new \coding_exception('stand-in: unsupported condition ' . $condition);
    }

    private function column(array $row, string $column): string {
        if (!array_key_exists($column, $row)) {
            throw new \dml_exception("stand-in: unknown column $column");
        }
        return $column;
    }
}

/**
 * Moodle's moodle_transaction, for the stand-in.
 */
class standin_transaction {
    /** @var standin_db|null */
    private $db;

    public function __construct(standin_db $db) {
        $this->db = $db;
    }

    public function allow_commit(): void {
        if ($this->db === null) {
            throw new \coding_exception('stand-in: transaction already finished');
        }
        $db = $this->db;
        $this->db = null;
        $db->finish_transaction(true);
    }

    /**
     * Rolls back and throws $e again, as Moodle does.
     */
    public function rollback(\Throwable $e): void {
        if ($this->db !== null) {
            $db = $this->db;
            $this->db = null;
            $db->finish_transaction(false);
        }
        throw $e;
    }
}
