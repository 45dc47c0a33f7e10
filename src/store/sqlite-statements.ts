import type { Statement } from 'better-sqlite3';
import type { Db } from './sqlite-open.ts';

/** Prepared statements, prepared once per SQL text, and the three ways they are run. */
export class SqliteStatements {
  private readonly cache = new Map<string, Statement>();

  constructor(protected readonly db: Db) {}

  protected statement(sql: string): Statement {
    let prepared = this.cache.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.cache.set(sql, prepared);
    }
    return prepared;
  }

  protected run(sql: string, ...params: unknown[]): number {
    return this.statement(sql).run(...params).changes;
  }

  protected get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }

  protected all<T>(sql: string, ...params: unknown[]): T[] {
    return this.statement(sql).all(...params) as T[];
  }
}
