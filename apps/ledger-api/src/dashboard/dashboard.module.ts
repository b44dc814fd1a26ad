import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';

/** Where `npm run build:dashboard` writes the page: `dist/dashboard`, from the sources or from the built API. */
export function dashboardDirectory(
  candidates: readonly string[] = [join(__dirname, '../../../../dist/dashboard'), join(__dirname, '../../../../dashboard')],
): string | undefined {
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

// The page only talks to this origin; it holds no data until a key is typed in.
const PAGE_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Serves the built dashboard at `/` as plain static files, after the API's routes (a file never hides an
 * endpoint). Static files carry no data, so they need no credential; every call the page makes does.
 */
@Injectable()
export class DashboardStaticFiles implements OnModuleInit {
  private readonly logger = new Logger('Dashboard');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    const directory = dashboardDirectory();
    adapter.use((request: Request, response: Response, next: NextFunction) => {
      if (request.method === 'GET' || request.method === 'HEAD') {
        if (request.path === '/' || request.path === '/index.html' || request.path.startsWith('/assets/')) {
          for (const [name, value] of Object.entries(PAGE_HEADERS)) response.setHeader(name, value);
        }
      }
      next();
    });
    if (directory === undefined) {
      this.logger.warn('no built dashboard (dist/dashboard): `npm run build:dashboard` builds it; / answers 503 until then');
      adapter.use((request: Request, response: Response, next: NextFunction) => {
        if (request.method !== 'GET' || request.path !== '/') return next();
        response.status(503).type('text/plain').send('The dashboard is not built: run `npm run build:dashboard` (or `npm run build`).\n');
      });
      return;
    }
    // Hashed asset names never change content: cache them for good; the page itself is revalidated.
    adapter.useStaticAssets(directory, {
      index: 'index.html',
      redirect: false,
      setHeaders: (response: Response, path: string) => {
        response.setHeader(
          'Cache-Control',
          path.includes(`${join(directory, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
}

/** The dashboard (apps/dashboard), served by the API at `/`. */
@Module({ providers: [DashboardStaticFiles] })
export class DashboardModule {}
